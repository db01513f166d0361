"""Synthetic demo content for the "Risk and recovery" study.

Original, fictional writing produced for this project: five vignettes, the follow-up and
closing questions, and typed online answers from four mental health workers (MHW1-MHW4)
and the four service users they support (SU1-SU4). No real people, places or services.
"""

VIGNETTES = [
    {
        "title": "Dana and her money",
        "text": (
            "Dana is 46 and has lived in her own flat for three years. Four years ago, during a "
            "difficult period when she was unwell, she ran up debts she could not pay. Since then "
            "her benefits have been paid to an appointee, her older brother, who pays her bills "
            "and gives her a weekly allowance. Dana says the arrangement made sense at the time, "
            "but now it feels like being treated as a child. She has to ask him for money for a "
            "winter coat, and last month she missed a friend's birthday meal because her "
            "allowance had run out.\n\n"
            "Dana tells her care coordinator, Priya, that she wants to manage her own money "
            "again. She has been well for over two years, has joined a budgeting course at the "
            "library and has a plan for paying off what she still owes. Her brother is worried "
            "and says she always overspends when her mood lifts. Priya knows that Dana's last "
            "relapse began with overspending, and that the team's risk assessment still lists "
            "money as a concern. She can also see that Dana is more confident than she has been "
            "for a long time."
        ),
        "status": "validated",
        "notes": (
            "The service user feedback group asked for the brother to come across as caring "
            "rather than controlling, so his worry was added. Workers suggested the detail about "
            "the risk assessment still listing money."
        ),
    },
    {
        "title": "Tom's move to his own flat",
        "text": (
            "Tom is 38 and has lived in a supported housing project for two years, since he left "
            "hospital. Staff are on site day and night and remind him to take his tablets each "
            "evening. Tom gets on well with the staff and the other residents, cooks for himself "
            "most days and goes to a gardening group twice a week.\n\n"
            "The housing association has now offered Tom a one-bedroom flat on the other side of "
            "town, and he must say yes or no within a week. Tom is delighted. He wants his own "
            "front door, some quiet, and a place where his teenage daughter can stay at weekends. "
            "His care coordinator, Gareth, is pleased for him but uneasy. The last time Tom lived "
            "alone he stopped eating properly, lost touch with the team and was admitted to "
            "hospital. The new flat is a long bus ride from the gardening group, and the project "
            "staff think he still relies on their evening reminders. Gareth has a full caseload "
            "and knows he could not visit more than once a fortnight."
        ),
        "status": "validated",
        "notes": (
            "Service users in the feedback group felt Tom's reasons for moving needed to be his "
            "own, so his daughter was added. Workers confirmed that a one-week deadline for a "
            "housing offer is realistic."
        ),
    },
    {
        "title": "Grace and her injection",
        "text": (
            "Grace is 34 and has had an antipsychotic injection every two weeks for the past six "
            "years. She has been well for most of that time, volunteers two days a week in a "
            "charity shop and has recently started drawing again, something she loved before she "
            "became ill.\n\n"
            "At her latest appointment Grace tells her care coordinator, Michael, that she wants "
            "to stop the injections. She says they make her feel slow and heavy, she has put on a "
            "lot of weight, and her hands shake so much that drawing is becoming difficult. She "
            "would rather take her chances without medication, or at least try something "
            "different. Michael takes her concerns seriously. He also knows that Grace has been "
            "admitted to hospital twice after stopping medication in the past, once against her "
            "wishes, and that her mother rang the team in great distress the last time. The "
            "consultant psychiatrist is cautious and has suggested waiting another year. Grace "
            "says she has waited long enough."
        ),
        "status": "validated",
        "notes": (
            "The first draft left the decision to the care coordinator alone; the feedback group "
            "asked for the psychiatrist's view to be included. The side effects were made more "
            "specific after service users said they are often dismissed."
        ),
    },
    {
        "title": "Sam goes back to the kitchen",
        "text": (
            "Sam is 29. Before he became unwell he worked as a chef, and he has not worked for "
            "three years. His days are quiet and mostly spent at home, and he says he misses the "
            "noise and teamwork of a busy kitchen. A local college has offered him a place on a "
            "part-time catering course that includes a placement in a restaurant kitchen, with "
            "evening and weekend shifts.\n\n"
            "Sam's care coordinator, Ruth, can see how much this means to him. He has talked "
            "about little else for weeks and has already bought a new set of knives. But she "
            "remembers that Sam's first episode came during a period of long hours, little sleep "
            "and drinking after work, and the placement would put him back in a similar setting. "
            "She is also unsure how the course would affect his benefits, and whether he would "
            "want to tell the college about his mental health. Sam says he knows the risks better "
            "than anyone, and that sitting at home is not keeping him well either."
        ),
        "status": "validated",
        "notes": (
            "Changed from a sudden full-time job offer to a course with a placement, after the "
            "focus group said the job offer felt unrealistic. The question of telling the college "
            "was added by a service user member."
        ),
    },
    {
        "title": "Amira's journey to see her mother",
        "text": (
            "Amira is 52 and has lived in this country for most of her adult life. Her mother, "
            "who still lives in the country where Amira grew up, has become seriously ill. Amira "
            "wants to travel on her own to be with her for three weeks. She has not made the "
            "journey for ten years.\n\n"
            "Amira tells her care coordinator, Jonah, that she has already looked at flights. "
            "Jonah is glad she wants to be with her mother and knows how much her family means to "
            "her. He also knows that Amira's mood has been low over the winter, and that the last "
            "time she was under great strain she stopped sleeping and became very unwell within a "
            "few days. She would be a long way from the team and in a different time zone. She "
            "says her relatives do not really understand mental illness and she would rather they "
            "did not know about hers. She would need enough medication for the whole trip. Amira "
            "says this may be her last chance to see her mother, and that she is going whatever "
            "the team thinks."
        ),
        "status": "focus_group",
        "notes": (
            "Drafted with the second focus group and not yet taken to the feedback group. Members "
            "asked that the family be described without any detail that might point to a "
            "particular community."
        ),
    },
]

FOLLOW_UPS = ["What do you think will happen next?", "What should the mental health worker do?"]

CLOSING = (
    "Is there anything else you would like to say about how risk is handled in your care or in "
    "your work?"
)

ANSWERS = {
    "MHW1": {
        "vignettes": [
            [
                (
                    "I think the team would agree to a gradual handover, perhaps one bill or a "
                    "set amount each week to start with, reviewed at her next care plan meeting. "
                    "Priya won't want to go against the brother without it being discussed at the "
                    "MDT first."
                ),
                (
                    "Take it to the team and the consultant, and check whether there is any doubt "
                    "about her capacity to make financial decisions. Write down clearly what the "
                    "risks are, what Dana wants and what has been agreed, so that if she does run "
                    "into difficulty nobody can say it wasn't considered. I would support it, but "
                    "in stages."
                ),
            ],
            [
                (
                    "He will probably take the flat. Whether it works depends on how much support "
                    "goes in during the first few weeks."
                ),
                (
                    "Before he moves I'd want a relapse plan, agreed visits and the housing "
                    "provider knowing who to ring. I have sat through a serious incident review "
                    "where the question was why nothing was escalated, and the honest answer was "
                    "that everyone assumed someone else was visiting. So I would make sure it is "
                    "all written down and shared."
                ),
            ],
            [
                (
                    "The most likely outcome is that Grace stops anyway, with or without our "
                    "agreement, and I'd much rather she did it with us."
                ),
                (
                    "This is the one that worries me most. Two admissions after stopping have to "
                    "be taken seriously, and any change should be a decision between Grace and "
                    "the consultant, not Michael's alone. I'd suggest a slow reduction with more "
                    "frequent contact, and the side effects need looking at properly because they "
                    "are real. I have someone in a similar position at the moment and it is very "
                    "hard to get the balance right."
                ),
            ],
            [
                "Sam starts the course and probably enjoys it.",
                (
                    "Encourage it. The risks are mostly about stress, sleep and hours, which can "
                    "be planned for, and I would go through his early warning signs with him so "
                    "he can spot them himself. I'd also get a benefits check done first, as "
                    "losing money would be a real setback."
                ),
            ],
            [
                "She'll go. Her mother is ill, and most people would.",
                (
                    "Make sure she has enough medication and a letter explaining it, and ideally "
                    "that someone out there knows what to look out for. I would want it recorded "
                    "that the risks were discussed with her. If something happened abroad there's "
                    "very little we could do, and that does make me anxious, but it isn't a "
                    "reason to say no."
                ),
            ],
        ],
        "closing": (
            "Honestly, a lot of what we do is shaped by fear of the review afterwards rather than "
            "by the person in front of us. I don't think that's right, but once you have watched "
            "a colleague go through an investigation you understand why people write everything "
            "down and lean towards caution. More time to actually talk with people would help far "
            "more than another form."
        ),
    },
    "MHW2": {
        "vignettes": [
            [
                (
                    "Priya will support her, I think, but it'll take months because it has to go "
                    "through a meeting and she'll have forty other people to see."
                ),
                (
                    "Back Dana. She's been well for two years, she's doing a budgeting course and "
                    "she has a plan, which is exactly the kind of positive risk taking we say we "
                    "believe in. Agree a trial period with a safety net, like a direct debit for "
                    "the rent, and talk to the brother together so he doesn't feel pushed out. "
                    "The risk assessment should be updated, not copied forward from four years "
                    "ago."
                ),
            ],
            [
                "Tom moves, has a wobbly couple of months, then settles.",
                (
                    "Help him accept it before the week runs out, because flats like that don't "
                    "come round often. Then put the support in early: more visits at the start, "
                    "help with the utilities, and links to something local so he isn't isolated. "
                    "The trouble is I wouldn't have time to do all that myself, so I'd be asking "
                    "the support workers to pick some of it up, and they're stretched too."
                ),
            ],
            [
                (
                    "Depends on whether anyone listens to her about the side effects. If they "
                    "don't, she'll stop on her own."
                ),
                (
                    "Get her a review with the consultant quickly and talk through the options "
                    "properly, including switching to tablets or a planned trial off the "
                    "injection. Write a crisis plan with her, in her words, about what she'd want "
                    "if things started to slip. It's her life and her body; our job is to make "
                    "the risk manageable, not to make the decision for her."
                ),
            ],
            [
                (
                    "He'll start, and I'd guess he does well as long as the college gives him a "
                    "bit of flexibility."
                ),
                (
                    "Encourage it and help with the practical side: benefits, the application, a "
                    "conversation with the college about adjustments if he wants one. In my "
                    "experience work does more for recovery than most of what we offer."
                ),
            ],
            [
                "She goes. Probably it's fine.",
                (
                    "Help her plan it properly, with medication, a copy of her crisis plan, "
                    "contact numbers and an agreed time to check in. I'd see it as a risk worth "
                    "taking. Being with her mother matters more than almost anything we could "
                    "offer her here."
                ),
            ],
        ],
        "closing": (
            "Most of my colleagues believe in recovery and positive risk taking. What gets in the "
            "way is time: with a caseload this size, the option that looks safest is usually also "
            "the quickest. I helped someone move into their own place this year and it has gone "
            "really well, but it took a lot of chasing that I ended up doing in my own evenings, "
            "and I can't do that for everyone."
        ),
    },
    "MHW3": {
        "vignettes": [
            [
                "I'm not sure. I think the team might be split on it.",
                (
                    "I would want to look at Dana's budgeting skills with her in a practical way, "
                    "maybe doing the shopping and paying a bill together over a few weeks, so the "
                    "decision is based on what she can do now rather than what happened four "
                    "years ago. I'd also take it to supervision, as I'm still fairly new and "
                    "wouldn't want to make that call on my own."
                ),
            ],
            [
                "He'll move in, and the first month will be the hardest part.",
                (
                    "Plan the move with him step by step: visiting the flat, working out the bus "
                    "routes, and building a weekly routine with shopping, cooking and something "
                    "that gets him out of the house. A pill organiser and phone reminders could "
                    "take the place of the prompts he gets now. Grading it like that might make "
                    "it feel less like a leap."
                ),
            ],
            [
                "Maybe a compromise with the psychiatrist, like lowering the dose first.",
                (
                    "Listen to what the side effects are stopping her from doing. If she can't "
                    "draw because her hands shake, that's a big loss and it should be part of the "
                    "conversation, not only the relapse risk. I'd feed that back to the MDT, "
                    "although I'm honestly not sure how much weight an OT's view carries in "
                    "medication decisions."
                ),
            ],
            [
                "I think he'll start the course. I hope so!",
                (
                    "Work with Sam on what a kitchen shift actually demands and build up his "
                    "stamina and sleep routine before the placement begins. Talk to the college "
                    "about a gradual start. This is the kind of thing I came into OT for, so I'd "
                    "be really keen to support it."
                ),
            ],
            [
                "She'll go.",
                (
                    "Help her prepare: sleep, medication times across the time difference, a "
                    "routine she can keep while she's there and a plan for what to do if she "
                    "starts to feel unwell. I'd check with my senior what the team usually does, "
                    "as I haven't come across this before."
                ),
            ],
        ],
        "closing": (
            "In my training we talked a lot about positive risk taking, and in practice it's more "
            "complicated than I expected. Sometimes I read a risk assessment that hasn't really "
            "changed in years and I don't feel I'm in a position to question it yet. I'd like "
            "more space to talk these things through as a team."
        ),
    },
    "MHW4": {
        "vignettes": [
            [
                (
                    "I reckon Dana gets there in the end, but she'll have to prove herself far "
                    "more than anyone else would."
                ),
                (
                    "Listen to her. I had an appointee myself for a while years ago, and it was "
                    "one of the things that made me feel least like an adult. Priya could help "
                    "her take things over one bit at a time, so she builds her confidence and her "
                    "brother can see it working. Nobody manages money perfectly, and Dana "
                    "shouldn't have to be perfect to get hers back."
                ),
            ],
            [
                "Tom's going to be lonely at first. That's the honest bit.",
                (
                    "Say yes and help him make it a home. Loneliness is a bigger risk than people "
                    "think, so help him find a café, a group, anywhere he's known by name. I'd "
                    "happily go along with him the first few times."
                ),
            ],
            [
                (
                    "If they say no she'll probably keep having it, but feel worse about "
                    "everything, including the team."
                ),
                (
                    "Hear her out properly. I know what it's like to feel a medication has taken "
                    "something away from you, and being told the benefits outweigh the side "
                    "effects doesn't help much when you're the one living with them. He should "
                    "get her a proper review and make sure she's part of the decision, not just "
                    "told about it afterwards."
                ),
            ],
            [
                "He'll do it.",
                (
                    "Cheer him on. Going back to work was the turning point for me, even though "
                    "the first few weeks were hard. Maybe help him think about who he'd talk to "
                    "if things got stressful and what he'd want the team to do."
                ),
            ],
            [
                "She'll go whatever anyone says, and she should.",
                (
                    "Help her plan, then trust her. Ask her what has helped her cope in the past "
                    "and build on that."
                ),
            ],
        ],
        "closing": (
            "Having been on both sides, I'd say the biggest difference is whether people feel "
            "listened to. When I was unwell I didn't mind people worrying about me; I minded them "
            "deciding things without asking me. Sometimes I can bridge that gap a little, because "
            "people tell me things they wouldn't say to the nurse or the doctor."
        ),
    },
    "SU1": {
        "vignettes": [
            [
                "They'll say she's not ready. They always say that.",
                (
                    "Actually listen to her instead of the brother. Once you've been unwell, "
                    "people treat everything you say as a symptom."
                ),
            ],
            [
                (
                    "He moves in and they visit less and less, and then if anything goes wrong "
                    "it's his fault."
                ),
                (
                    "Be honest with him about what support he'll really get, not what's written "
                    "in the plan."
                ),
            ],
            [
                (
                    "They'll talk her round, or they'll start mentioning hospital. That's what "
                    "happened to me."
                ),
                (
                    "I've been on an injection. When I asked to come off it everyone suddenly got "
                    "very careful with me, like I'd said something dangerous. I did end up in "
                    "hospital the year after, but it wasn't about the medication, it was about "
                    "everything else going on in my life, and nobody asked about that. He should "
                    "ask her why she wants to stop and believe what she tells him."
                ),
            ],
            [
                "Probably fine, if they leave him alone to get on with it.",
                (
                    "Support him but don't keep checking up on him. If the college finds out "
                    "there's a care coordinator phoning round about him, he'll be treated "
                    "differently from day one."
                ),
            ],
            [
                "She'll go.",
                "Let her go and see her mum. I don't see what it has to do with them really.",
            ],
        ],
        "closing": (
            "I know my nurse means well and she's better than some I've had. But after my "
            "admission I find it hard to trust that what I say won't end up in my notes and be "
            "used against me later. I'd like to be able to read what they write about me and say "
            "when it's wrong."
        ),
    },
    "SU2": {
        "vignettes": [
            [
                (
                    "I think Dana will get her money back, probably a bit at a time, which is "
                    "sensible anyway."
                ),
                (
                    "Help her set up something simple, like one account for bills and one for "
                    "spending, so the important things are always covered. Then let her give it a "
                    "go and look at it again after a few months."
                ),
            ],
            [
                (
                    "He'll move. The first few weeks will feel strange and quiet but he'll get "
                    "used to it."
                ),
                (
                    "Help with the practical things, because they make a big difference. When I "
                    "moved into my flat last year my worker helped me sort out the gas and "
                    "electric and the council tax, and we made a list of who to ring for what. I "
                    "stuck it on the fridge and I still use it. Tom should also spend some time "
                    "in the area before he moves so it doesn't feel so new."
                ),
            ],
            [
                "Maybe they'll try lowering it first and see how she gets on.",
                (
                    "Take her seriously and make a plan together, with signs to look out for. If "
                    "she has a say in it she's much more likely to stick to it."
                ),
            ],
            [
                "He gets on the course and finds it hard at first, then really gets into it.",
                (
                    "Help him with the benefits side, that's what frightened me most when I "
                    "started volunteering. Maybe start with fewer shifts. Small steps are still "
                    "steps."
                ),
            ],
            [
                "She goes and comes back, and hopefully has some good time with her mum.",
                (
                    "Help her pack her medication and make a plan for if she feels unwell. Maybe "
                    "set up a way for her to text the team if she needs to."
                ),
            ],
        ],
        "closing": (
            "Mostly things have got better for me over the last couple of years. What helped was "
            "having a worker who was willing to try things with me instead of just saying no. I "
            "know she is very busy and I don't see her as often as I'd like, but when I do she "
            "listens."
        ),
    },
    "SU3": {
        "vignettes": [
            [
                "they'll probably keep it as it is",
                "Let her try.",
            ],
            [
                "he'll move i think. might struggle.",
                "visit him a lot at the start. not just phone.",
            ],
            [
                "She'll stay on it. Most people do.",
                (
                    "dont know really. listen to her about the side effects. the tiredness is the "
                    "worst part and nobody really gets that"
                ),
            ],
            [
                "might start it and stop. thats what happened with me",
                (
                    "Make it part time. Check on him but don't make a big thing of it. i did a "
                    "course once and didnt finish and it felt like proof i couldnt do anything."
                ),
            ],
            [
                "she goes",
                "help her get her tablets sorted",
            ],
        ],
        "closing": (
            "not really. sometimes its too much effort to argue so you just go along with what "
            "they say. the OT i see now is alright though, she asks what i want to do."
        ),
    },
    "SU4": {
        "vignettes": [
            [
                (
                    "If the team follows the risk assessment rather than the person, Dana will be "
                    "told to wait and show she's ready, without anyone saying what ready looks "
                    "like."
                ),
                (
                    "Start from the assumption that Dana can manage her own affairs, because that "
                    "is where you are supposed to start. If there are concerns, name them "
                    "specifically and agree with her what would show they've been dealt with. "
                    "Involve her brother if she wants that, but her view should carry the most "
                    "weight. It's her money."
                ),
            ],
            [
                ("He moves in, and I hope the team gives him a fair chance to show he can manage."),
                (
                    "Ask Tom what support he wants, not what the service thinks he needs. The "
                    "last time he lived alone was a different point in his life. People change, "
                    "and risk assessments should change with them."
                ),
            ],
            [
                (
                    "I think Grace will feel she has to choose between being honest and being "
                    "believed. If she says she wants to stop, she risks being seen as unwell "
                    "simply for saying it."
                ),
                (
                    "Treat it as a shared decision. She has the right to say no to treatment "
                    "unless there's a legal reason she can't, and Michael should make sure she "
                    "knows her rights and can have an advocate if she wants one. He should also "
                    "write down her reasons in her own words, so they're part of her record and "
                    "not just the risks."
                ),
            ],
            [
                "He'll go for it.",
                (
                    "Support him, and don't tell the college anything Sam hasn't agreed to. "
                    "Whether to disclose is his decision."
                ),
            ],
            [
                (
                    "She'll go, and she'll probably be fine, because she'll have planned it far "
                    "more carefully than the team gives her credit for."
                ),
                (
                    "Help with whatever she asks for and otherwise trust her. Seeing your family "
                    "is a basic part of having a life, not a privilege you need permission for."
                ),
            ],
        ],
        "closing": (
            "What I'd want researchers to hear is that being listened to is not the same as being "
            "allowed to speak. I've been in plenty of meetings where I was asked my view and then "
            "the decision was made as if I'd said nothing. My current support worker is "
            "different, partly because she has been through it herself. Risk should be something "
            "we work out together, not something that is done to us."
        ),
    },
}
