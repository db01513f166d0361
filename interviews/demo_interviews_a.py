"""In-person interview transcripts of demo dyads 5 and 6: synthetic, written for this project."""

INTERVIEWS = {
    "MHW5": {
        "opening": [
            (
                "Interviewer",
                (
                    "Thanks for fitting this in, I know you've had a busy morning. Before we start "
                    "properly: you've signed the consent form, and you're still happy for me to "
                    "record?"
                ),
            ),
            ("P", "Yeah, yeah, that's fine. Is the little light meant to be flashing?"),
            (
                "Interviewer",
                (
                    "It is, that means it's going. I'll just put it here between us. So, to start "
                    "with, could you tell me a bit about your role and how long you've been doing "
                    "it?"
                ),
            ),
            (
                "P",
                (
                    "Um, so I'm a support worker in the recovery team. I've been in mental health "
                    "about twelve years now, the last six with this team. Before that I was in a "
                    "warehouse, forklifts, nights, the lot, and I did a bit of volunteering at a "
                    "drop-in because my brother had been unwell, and it sort of, it grew from "
                    "there. What do I actually do? Practical stuff, mostly. Benefits forms, "
                    "housing, going with people to appointments, sitting in the GP waiting room "
                    "for an hour and a half [laughs]. Getting people out of the flat if they've "
                    "not been out in a while. I'm not a care coordinator, so I don't hold the care "
                    "plan or write the risk assessment, the nurses and the social workers do that. "
                    "But I probably see people more than anyone else on the team does, week in, "
                    "week out."
                ),
            ),
            ("Interviewer", "And how many people are you working with at the moment?"),
            (
                "P",
                (
                    "Twenty-two, twenty-three? It goes up and down. Some I see every week, some "
                    "once a month just to keep the door open, you know. There's one fella I've "
                    "been with nearly three years, and he's, um, he's probably the reason I said "
                    "yes to doing this, because we've had our ups and downs around exactly this "
                    "stuff. Around risk."
                ),
            ),
            (
                "Interviewer",
                (
                    "That's helpful, thank you, and I won't ask you to name anyone. The way it "
                    "works is I'll give you five short stories, one at a time. After each one I'll "
                    "ask what you think happens next and what the worker should do, and then we "
                    "just chat about it. There are no right answers."
                ),
            ),
            ("P", "Go on then. I'll try not to ramble."),
        ],
        "vignettes": {
            "money": [
                (
                    "Interviewer",
                    (
                        "This story is about Dana. She's in her forties, her brother has been her "
                        "appointee since she got into debt when she was unwell, and now, after a "
                        "couple of good years, she'd like to take charge of her own finances. Take "
                        "as long as you need with it."
                    ),
                ),
                ("P", "[reads] Okay. Yeah. Right."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "Honestly? I think Priya will take it to the team meeting and the team "
                        "will say, well, the risk assessment says money's a concern, let's review "
                        "it in six months. And in six months it'll say the same thing, because "
                        "nobody's changed it. That's not having a go at anyone. It's just, once "
                        "something's written down it's very hard to get it unwritten, if you know "
                        "what I mean. And the brother being worried, that carries a lot of weight. "
                        "Families ringing up, that makes people nervous."
                    ),
                ),
                ("Interviewer", "Why do you think it carries so much weight?"),
                (
                    "P",
                    (
                        "Because if it goes wrong, he's the one who said so. Nobody wants to be "
                        "the worker who ignored the family. I get that, I do. But she's been well "
                        "two years, she's on a budgeting course, she's got a plan for her debts. "
                        "What more does she have to do? There's a bit in there about the coat. "
                        "That's the bit that got me. A grown woman asking her brother for a coat."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Um, I'd, I'd want to sit down with Dana and her brother together, if "
                        "she's okay with that, and say, right, if this went wrong, what would we "
                        "notice first? Because she'll know. People usually know their own signs "
                        "better than we do. Maybe the bills keep going through him for a bit and "
                        "she takes the rest. Direct debits for the rent and the gas so that's safe "
                        "whatever happens, and then what's left is hers to get wrong, if she gets "
                        "it wrong. Everybody gets money wrong sometimes. I've had months where "
                        "I've been eating beans by the twenty-fifth [laughs]. Nobody's put an "
                        "appointee on me."
                    ),
                ),
                ("Interviewer", "Has anything like this come up in your own work?"),
                (
                    "P",
                    (
                        "Yeah. The fella I mentioned. When I first met him he had letters piled up "
                        "behind the door, a big heap of them, unopened. Payday loans, bailiffs, "
                        "the council. And the first thought from the team, not from me, from the "
                        "team, was could someone else manage his money. His sister had offered. "
                        "And he went through the roof, absolutely through the roof, and to be fair "
                        "I'd have done the same. So instead we did it the slow way. I'd go round "
                        "on a Thursday and we'd open five letters, just five, and he'd decide what "
                        "to do with each one. Took months. We got him a debt relief order in the "
                        "end. Bev, that's his care coordinator, she was worried, she thought I was "
                        "being a bit soft, you know, that he'd be straight back to the loan "
                        "companies. And he wasn't. Well, he was once, and he told me about it, "
                        "which to me is the main thing."
                    ),
                ),
                ("Interviewer", "What made the difference, do you think, that he told you?"),
                (
                    "P",
                    (
                        "I didn't make a big drama of it. I think that's it. If I'd gone running "
                        "back to the team meeting with it he'd have stopped telling me anything. "
                        "There's a balance, mind. I do write things down, I'm not daft. But I'd "
                        "rather know than not know."
                    ),
                ),
            ],
            "flat": [
                (
                    "Interviewer",
                    (
                        "The next story is about Tom, who's been in supported housing for a couple "
                        "of years since he came out of hospital, and has been offered his own flat "
                        "across town. He's got a week to decide."
                    ),
                ),
                ("P", "[reads] Oh, the daughter staying at weekends. Yeah. Right."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "He'll take it. I'd put money on it. You don't get offered a one-bed very "
                        "often round here, and if he says no he might be waiting years. So he "
                        "takes it, and then the question is really whether the support follows him "
                        "or whether it just sort of falls away. Because the project staff hand him "
                        "over, and the care coordinator's got a full caseload, it says so, "
                        "fortnightly visits. And fortnightly is nothing when you've just moved. "
                        "The first month is when it all happens."
                    ),
                ),
                ("Interviewer", "What sort of things happen in that first month?"),
                (
                    "P",
                    (
                        "The quiet. People don't believe me on this but the quiet is the killer. "
                        "In the project there's always someone in the kitchen, someone to have a "
                        "brew with. Then you get your own front door and it's lovely for about a "
                        "week, and then it's nine o'clock on a Tuesday and nobody knows if you've "
                        "eaten. That's what happened to Tom last time, it says. Stopped eating, "
                        "lost touch. I don't think that's a reason to say no. I think it's a "
                        "reason to plan the first month properly."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Say yes with him, first off. Don't make him feel like he's got to argue "
                        "for it. Then the practical things. Get the bus route sorted, do the "
                        "journey with him a couple of times before he moves so the gardening group "
                        "isn't a mystery. The tablets, you can get a, um, a dosette box, set an "
                        "alarm on his phone, maybe a text from someone in the evening for the "
                        "first few weeks. And honestly, if the care coordinator can't visit more "
                        "than fortnightly, that's where someone like me comes in. That's half my "
                        "job, filling the gaps between visits. I'd want to be there the day the "
                        "keys are handed over."
                    ),
                ),
                ("Interviewer", "Is there a risk in that, the support worker filling the gap?"),
                (
                    "P",
                    (
                        "[pause] Yeah, there is. If I'm off sick, or I leave, the whole plan falls "
                        "over, because it was built round me. I've seen that. A lad I used to work "
                        "with, years back, did really well in his own place while I was seeing him "
                        "twice a week, and then I got moved teams and within two months he was "
                        "back on the ward. I don't blame myself, exactly, but I think about it. So "
                        "now I try to get people linked up with things that aren't me. A café, a "
                        "group, the neighbours even. Things that'll still be there when I'm not."
                    ),
                ),
                ("Interviewer", "And the daughter, does that change how you'd see it?"),
                (
                    "P",
                    (
                        "Massively. That's a reason to stay well, isn't it? Having somewhere she "
                        "can stay. That's worth more than any reminder from staff. You'd want that "
                        "written in the plan as a, what do they call it, a protective factor, not "
                        "just the list of risks. We're terrible for that, writing down everything "
                        "that could go wrong and nothing about what someone's getting up in the "
                        "morning for."
                    ),
                ),
            ],
            "depot": [
                (
                    "Interviewer",
                    (
                        "This next story is about Grace, who's had an injection every two weeks "
                        "for six years and wants to stop because of the side effects. The "
                        "consultant would like her to wait another year."
                    ),
                ),
                (
                    "P",
                    (
                        "[reads] Hmm. This is a hard one for me, because it's medication, and "
                        "that's not really my area."
                    ),
                ),
                ("Interviewer", "Why do you say it's not your area?"),
                (
                    "P",
                    (
                        "Well, I'm not a nurse, I can't prescribe anything, I wouldn't want to "
                        "give anyone advice about their tablets. So in the team I'd probably keep "
                        "my head down on this one, if I'm honest. But that's a bit of a cop-out, "
                        "isn't it, because I'd be the one who sees the shaking hands. I'd be the "
                        "one she shows the drawings to."
                    ),
                ),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "I think she waits the year. Or she says she'll wait and then she stops "
                        "anyway, quietly, and doesn't tell anyone, and then nobody's watching for "
                        "the signs because nobody knows. That's what worries me more than her "
                        "stopping. Her stopping in secret."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Not let it sit there for a year. A year's a long time when your hands are "
                        "shaking. I'd want the care coordinator to go back to the consultant and "
                        "say, look, she's been well six years, what are the options now, not in "
                        "twelve months? Can we lower it, can we switch, can we try tablets? And "
                        "get her in the room for that conversation, not have it about her behind a "
                        "door. And then, um, if she does come off, make a plan for it together. "
                        "What does getting unwell look like for Grace, who does she want us to "
                        "ring, does she want her mum told or not? Because the mum ringing in a "
                        "state, you'd want to know what Grace wants before that happens, not "
                        "after."
                    ),
                ),
                ("Interviewer", "Has anything like this happened in your work?"),
                (
                    "P",
                    (
                        "Sort of. Not an injection. The fella I mentioned, his tablets come from "
                        "the chemist weekly, not monthly like you or me would get them. Because "
                        "years ago, before I knew him, he took an overdose. So every Friday he's "
                        "stood in the queue at the chemist on Quillbrook parade, and he hates it, "
                        "he says it's like being on a tag. And he's asked and asked to go monthly. "
                        "So I went with him to see Dr Fairlie about it and I, um, I said my piece, "
                        "which was that I see him every week and he's more settled than he's been "
                        "in years. And we got fortnightly. It's a compromise. He was not impressed "
                        "[laughs]. But four months on, it's fine. So that's something."
                    ),
                ),
                ("Interviewer", "How did you feel about saying your piece in that meeting?"),
                (
                    "P",
                    (
                        "Nervous, to be honest. Consultants, you know. I'm sat there in my fleece. "
                        "And part of me was thinking, if I push for this and something happens, "
                        "that's on me. That's always there. You can't make it go away. But I'd "
                        "rather be part of a decision I can stand behind than keep quiet and feel "
                        "like a coward about it. That sounds dramatic. It's not dramatic, it's "
                        "just tablets. But for him it's about being trusted, and you can't really "
                        "put a price on that."
                    ),
                ),
            ],
            "work": [
                (
                    "Interviewer",
                    (
                        "This story is about Sam, who used to be a chef and hasn't worked for "
                        "three years. He's been offered a catering course with a placement in a "
                        "restaurant kitchen, with late shifts and weekends."
                    ),
                ),
                (
                    "P",
                    (
                        "[reads] Bought the knives already [laughs]. I love that. That's a man "
                        "who's decided."
                    ),
                ),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "He goes for it. He's going whether Ruth's pleased or not, really. The "
                        "only question is whether she's with him or watching from the side with "
                        "her arms folded. And I think if she's with him, he's more likely to tell "
                        "her when it's going wrong. If she's against it, he'll hide it, the late "
                        "nights, the drinking after, all of it."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Back him. Sort the benefits first, because that's the thing that trips "
                        "people up, honestly, it scares people off work more than anything "
                        "clinical does. Get a proper benefits check done, find out what he can "
                        "earn or study without losing his housing money. Then talk about the "
                        "drinking straight, not as a, not as a lecture. Just, last time it was "
                        "long hours and pints after work, what do you want to do different this "
                        "time? Maybe he tells the head chef, maybe he doesn't. That's up to him. I "
                        "wouldn't be phoning the college."
                    ),
                ),
                ("Interviewer", "Why not?"),
                (
                    "P",
                    (
                        "Because it's his business. If he wants help telling them, fine, I'll help "
                        "him write an email. But the minute we start telling people things without "
                        "asking him, we've lost him."
                    ),
                ),
                ("Interviewer", "Has anything like this come up for you?"),
                (
                    "P",
                    (
                        "Yeah, quite a bit. Work is the big one for a lot of the men I see, I "
                        "think. Their whole sense of themselves was the job. The fella I mentioned "
                        "before was in the building trade, roofing, and he's been doing a couple "
                        "of mornings a week at a furniture project, sanding down old wardrobes, "
                        "and he's good at it, really good. He's talking about going for a paid job "
                        "there. And the team's worry is the same as with Sam, really, because the "
                        "building sites are where the drinking got bad for him. But this isn't a "
                        "building site. I keep saying that. You can't keep treating someone as the "
                        "person they were at twenty-five."
                    ),
                ),
                ("Interviewer", "Do you think the team sees it differently from you?"),
                (
                    "P",
                    (
                        "Some of them. Bev, his care coordinator, she's come round. She was "
                        "cautious, she's seen him at his worst, in A&E, the lot, and I haven't "
                        "really, not the worst of it. So I suppose I can afford to be optimistic "
                        "in a way she can't. That's fair. We balance each other out on a good day. "
                        "On a bad day we just annoy each other [laughs]."
                    ),
                ),
            ],
            "abroad": [
                (
                    "Interviewer",
                    (
                        "This story is about Amira, who wants to travel on her own to see her "
                        "mother, who is seriously ill in the country Amira grew up in. She hasn't "
                        "been back for ten years, and her mood's been low over the winter."
                    ),
                ),
                ("P", "[reads] Oof. Yeah. She's going, isn't she. It says so."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "She goes. And I think the team has a choice about whether they help her "
                        "go well or whether they just write advised against travel in the notes "
                        "and cover themselves. I've seen that. Advised against. And then the "
                        "person goes anyway, and nobody's made a plan, and if it goes wrong it's, "
                        "well, we advised against it."
                    ),
                ),
                ("Interviewer", "What would going well look like?"),
                (
                    "P",
                    (
                        "Um, enough medication, obviously, and a letter for it in case she's "
                        "stopped at the airport. Something for sleep maybe, because it says not "
                        "sleeping is her warning sign, so you'd want to talk to the doctor about "
                        "that before she goes. Think about the time difference, when she takes her "
                        "tablets. A number she can ring or text, and who she'd see over there if "
                        "she needed a doctor. And, this is the bit I'd spend time on, who out "
                        "there knows. Because she says her family don't understand and she'd "
                        "rather they didn't know. That's her right. But maybe there's one person, "
                        "a cousin, a friend, someone she trusts enough to say, if I stop sleeping, "
                        "this is what you do. She decides who, not us."
                    ),
                ),
                ("Interviewer", "And if she doesn't want anyone to know?"),
                (
                    "P",
                    (
                        "Then she doesn't. And we accept that's a bit more risk, and we write down "
                        "that we talked about it and that it was her call. I'm not going to "
                        "pretend that doesn't make me nervous. But her mum might be dying. If she "
                        "misses that, you think that's not going to affect her mood? Staying home "
                        "isn't the safe option here. It just looks safe on paper."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Help her plan it, then. Properly, with her, not a form. And keep the door "
                        "open while she's away, so if she does wobble she doesn't feel like she's "
                        "got to hide it because we told her not to go."
                    ),
                ),
                ("Interviewer", "Has anything like this happened in your work?"),
                (
                    "P",
                    (
                        "That fella I mentioned at the start, his dad died a couple of years back, "
                        "over the water, and he went to the funeral on the ferry and didn't tell "
                        "any of us till he was back. Hadn't told us because he thought we'd stop "
                        "him, or make a fuss. And I remember feeling, I was a bit hurt, to be "
                        "honest, which is daft. But it told me something about how he saw us. That "
                        "we were the people who say no."
                    ),
                ),
                ("Interviewer", "Did that change anything?"),
                (
                    "P",
                    (
                        "It changed how I asked things. I started saying, what are you planning, "
                        "rather than, are you sure that's a good idea. Small thing. But people can "
                        "hear the difference."
                    ),
                ),
            ],
        },
        "closing": [
            (
                "Interviewer",
                (
                    "That's all five stories. To finish, is there anything else you'd like to say "
                    "about how risk is handled in your work?"
                ),
            ),
            (
                "P",
                (
                    "Um. [pause] I suppose just that the hardest bit isn't the big decisions, it's "
                    "the small ones you make on a Tuesday afternoon on your own. I'll tell you "
                    "one. The 2nd of January, a couple of years ago now, that same fella wasn't "
                    "answering. Not his phone, not the door, nothing, three days. And it had been "
                    "a bad Christmas, I knew that. So I rang it in, and the police went round and "
                    "put his door in. And he was fine. Well, not fine, he'd been drinking and he'd "
                    "turned his phone off because he wanted to be left alone, which he's allowed "
                    "to want. And he was furious with me. Properly furious. His door was boarded "
                    "up for a week. I'd do the same again, I think, I'd do exactly the same again. "
                    "But I understand why it felt to him like we'd kicked his life in, not just "
                    "his door. Both of those are true at the same time. And nobody really teaches "
                    "you how to hold both. You just get on with it, and you go home and think "
                    "about it in the bath."
                ),
            ),
            ("Interviewer", "How did the two of you get past that?"),
            (
                "P",
                (
                    "Slowly. I went round the week after and said sorry about the door, and I "
                    "meant it, and I said I wasn't sorry for worrying, and I meant that too. He "
                    "didn't speak to me for about twenty minutes and then he made me a tea. Which "
                    "with him is practically a hug [laughs]. So yeah. That's it, really. Thanks "
                    "for letting me go on."
                ),
            ),
            (
                "Interviewer",
                ("Not at all, that was really helpful. Thank you. I'll stop the recording there."),
            ),
        ],
    },
    "SU5": {
        "opening": [
            ("Interviewer", "Thanks for coming in. Is the room okay? It's a bit warm in here."),
            ("P", "It's fine. Bit like a waiting room, but they all are."),
            (
                "Interviewer",
                (
                    "[laughs] Fair enough. Before we start, you've signed the consent form, and "
                    "you're okay with me recording?"
                ),
            ),
            ("P", "Yeah. Who hears it, though? Just so I know."),
            (
                "Interviewer",
                (
                    "Just the research team. It gets typed up and your name is taken out. Nobody "
                    "from your team hears the recording or reads what you say."
                ),
            ),
            ("P", "Not even Gareth?"),
            (
                "Interviewer",
                (
                    "Not even him. We interview the workers separately, and nothing gets passed "
                    "between you."
                ),
            ),
            ("P", "Right. Not that I'd say anything I wouldn't say to his face. But still."),
            (
                "Interviewer",
                (
                    "That's completely fair. So, to start, could you tell me a bit about the "
                    "support you get from the team at the moment?"
                ),
            ),
            (
                "P",
                (
                    "Um. Where do you start. I've been under mental health, what, fifteen years? "
                    "Since I was twenty-six. Different teams, different names, they keep changing "
                    "the name on the letterhead. Now I've got a care coordinator who's a nurse, I "
                    "see her once a month, maybe. I see the psychiatrist twice a year if I'm "
                    "lucky. And I've got Gareth, he's a support worker, he comes round Thursdays. "
                    "He's the one I actually talk to. The rest of them, it's more, you know, how's "
                    "your mood out of ten, any thoughts of harming yourself, right, see you in a "
                    "month."
                ),
            ),
            ("Interviewer", "What's the difference with him?"),
            (
                "P",
                (
                    "He turns up. Sounds stupid. When he says he'll ring, he rings. And he doesn't "
                    "flinch. With my diagnosis, people flinch. Personality disorder. You see them "
                    "read it on the screen and something goes off behind their eyes, like, oh, one "
                    "of them. Gareth never did that. Or if he did he hid it well [laughs]."
                ),
            ),
            (
                "Interviewer",
                (
                    "Thank you. So I'm going to show you five short stories, one at a time. After "
                    "each one I'll ask you a couple of questions, and then we can just talk. "
                    "There's no right or wrong answers."
                ),
            ),
            ("P", "Go on then."),
        ],
        "vignettes": {
            "money": [
                (
                    "Interviewer",
                    (
                        "This story is about Dana. She got into debt a few years ago when she was "
                        "unwell, and her brother has been managing her benefits since then, as her "
                        "appointee. She's been well for two years now and she'd like control of "
                        "her finances back. Have a read."
                    ),
                ),
                (
                    "P",
                    (
                        "[reads] Yeah. The coat. Having to ask your brother for a coat. That's "
                        "grim, that."
                    ),
                ),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "They'll side with the brother. Course they will. He's the sensible one, "
                        "isn't he, in their eyes. She's the patient. Whatever she says, there's a "
                        "little voice in the room going, well, she would say that. And the risk "
                        "thing, that never comes off. I've got stuff on my notes from when I was "
                        "twenty-six. I'm forty-one. It's still there. Like a tattoo."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Let her have a go. Honestly. And if she makes a mess, she makes a mess, "
                        "and she sorts it, like everyone does. But, um, I'd say don't make it all "
                        "or nothing. That's the trap. They either do everything for you or they "
                        "wash their hands of you. There's a middle bit nobody bothers with."
                    ),
                ),
                ("Interviewer", "What would the middle bit look like?"),
                (
                    "P",
                    (
                        "Like what Gareth did with me. I was in a state with money a few years "
                        "back. Loans, catalogues, the bailiffs had been round once. I didn't open "
                        "my post for, must have been a year. Just kicked it behind the door. And "
                        "my sister Niamh offered to take it all over, and the nurse I had then "
                        "thought that was a great idea. And I lost it. Big time. Because it's my "
                        "money and I'm not a kid. Gareth didn't take it off me. He just sat there "
                        "with me on a Thursday while I opened the letters. Five at a time, that "
                        "was his rule. Some weeks I couldn't even do five. But I did it. Me. He "
                        "didn't touch them unless I asked him to."
                    ),
                ),
                ("Interviewer", "How did that feel?"),
                (
                    "P",
                    (
                        "Crap, mostly [laughs]. Opening them. But it was mine, like. When the "
                        "relief order came through, I felt like I'd done something. Not like "
                        "someone had done something to me. There's a difference and they don't "
                        "always get that. And I'll be honest, I went back to one of them loan "
                        "places once, after. Stupid. Told Gareth. He just said, right, what's the "
                        "plan then. If he'd gone mad I'd never have told him anything again."
                    ),
                ),
                ("Interviewer", "And your sister, how did she feel about it?"),
                (
                    "P",
                    (
                        "She still thinks she should've had it. She worries. She rings the team "
                        "sometimes behind my back, and I know she does it out of love, but it does "
                        "my head in. Same as the brother in this. He's not a bad fella, probably. "
                        "He's just scared. But his being scared shouldn't get to decide her life."
                    ),
                ),
            ],
            "flat": [
                (
                    "Interviewer",
                    (
                        "This one's about Tom. He's been living in supported housing since he left "
                        "hospital, with staff on site, and the housing association has offered him "
                        "a one-bed flat of his own, right across town."
                    ),
                ),
                ("P", "[reads] The daughter. Yeah, he's taking it. Wouldn't you?"),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "He takes it, and they visit him once, and then it's a phone call every "
                        "few weeks, and then it's a letter saying, we've tried to contact you. And "
                        "if he goes downhill they'll say, well, he chose to move. That's the bit "
                        "that gets me. It's your choice right up until it goes wrong, then it's "
                        "your fault."
                    ),
                ),
                ("Interviewer", "Is that something you've experienced?"),
                (
                    "P",
                    (
                        "When I got my flat in Quillbrook, yeah, a bit. I'd been in a hostel, and "
                        "in and out of Merrin Ward, that was a bad couple of years, and then I got "
                        "the flat and everyone was made up for me for about a fortnight. Then "
                        "nothing. I didn't have a kettle for three weeks. Nobody asked if I had a "
                        "kettle. You sit there in an empty flat and the walls are, you know, it "
                        "gets loud in your head. That's when I did some stupid stuff. Not going "
                        "into it."
                    ),
                ),
                ("Interviewer", "That's fine, you don't have to."),
                ("P", "Cheers."),
                ("Interviewer", "What should the mental health worker do? For Tom, I mean."),
                (
                    "P",
                    (
                        "Ask him what he's scared of. Not what they're scared of, what he's scared "
                        "of. Because he'll have thought about it. You don't forget the last time "
                        "you lived on your own and it went wrong. He'll be lying awake about it. "
                        "So ask him, and then sort the boring stuff. The kettle. The bus. Who he "
                        "rings at ten at night when it's bad, because the crisis line, no offence, "
                        "the crisis line is a recorded message half the time. And get the "
                        "daughter's room sorted. That's his reason. If he's got a reason, he'll "
                        "keep going."
                    ),
                ),
                (
                    "Interviewer",
                    (
                        "The worker can only visit once a fortnight. Does the amount of contact "
                        "matter, do you think?"
                    ),
                ),
                (
                    "P",
                    (
                        "It's not the amount. It's whether they mean it. I'd take one visit a "
                        "fortnight from someone who actually turns up over weekly ones where "
                        "they're looking at their watch. Gareth comes every week, but honestly, if "
                        "it went to fortnightly I'd survive. I wouldn't tell him that [laughs]. He "
                        "likes to think he's holding it all together."
                    ),
                ),
                ("Interviewer", "Is he?"),
                (
                    "P",
                    (
                        "Some of it. Not all of it. I hold some of it too, you know. People forget "
                        "that."
                    ),
                ),
            ],
            "depot": [
                (
                    "Interviewer",
                    (
                        "This story is about Grace. She's had an injection every two weeks for six "
                        "years, and she wants to stop because of the side effects, the weight, the "
                        "shaking hands. Her consultant wants her to wait another year."
                    ),
                ),
                ("P", "[reads] Another year. Yeah. They love another year."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "She'll stop anyway. I would. Maybe not tell anyone. And then if she gets "
                        "ill they'll say, see, told you. And if she doesn't get ill, nobody will "
                        "ever find out she was right. That's how it works. They only count the "
                        "times it goes wrong."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Be honest with her about what he can actually do. Because the care "
                        "coordinator doesn't decide, does he, it's the consultant. So don't sit "
                        "there nodding going, I hear you, I hear you, and then nothing. Just say, "
                        "look, I can't change it on my own, but I'll come in there with you and "
                        "say what you've told me. And then actually do it. And put it in writing, "
                        "what she said, the hands, the drawing, the weight. In her words, not "
                        "theirs."
                    ),
                ),
                ("Interviewer", "Has anything like this happened to you?"),
                (
                    "P",
                    (
                        "Sort of. Not injections, I'm on tablets. But because of, um, my history, "
                        "an overdose years back, I get them from the chemist every week. Every "
                        "Friday, in the queue, everyone knows. The girl behind the counter goes "
                        "and gets my little bag with the label on. Nearly fifteen years of that. I "
                        "asked and asked to go monthly, like a normal person. And they'd just say, "
                        "not yet. Not yet. Never said what yes would look like."
                    ),
                ),
                ("Interviewer", "And has that changed?"),
                (
                    "P",
                    (
                        "It's fortnightly now. Gareth came with me to see the psychiatrist and he "
                        "spoke up, which, to be fair to him, I don't think he found easy. He's not "
                        "one for doctors. And we got fortnightly. Which I was annoyed about, to be "
                        "honest. I wanted monthly. I felt like I'd been given half a biscuit. "
                        "Gareth was made up, he was like, that's a win. And I'm thinking, it's a "
                        "win for you, mate, you don't stand in the queue [laughs]. But, yeah. It's "
                        "been fine. I'll go back and ask for monthly after the summer. He says "
                        "he'll back me. We'll see."
                    ),
                ),
                ("Interviewer", "You said we'll see. Do you think he will?"),
                (
                    "P",
                    (
                        "He'll try. But he's a support worker, isn't he. He's not at the top of "
                        "the tree. Sometimes he'll say, that's not my call, that's above my pay "
                        "grade, and I know he's right, but it feels like he's hiding behind them a "
                        "bit. Just a bit. I don't hold it against him. Much."
                    ),
                ),
            ],
            "work": [
                (
                    "Interviewer",
                    (
                        "This story is about Sam, who used to work as a chef and hasn't worked for "
                        "three years. He's been offered a part-time catering course with a "
                        "placement in a restaurant kitchen, including evening and weekend shifts."
                    ),
                ),
                ("P", "[reads] Ha. The knives. He's keen."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "He'll do it. And he'll probably do alright for a bit. Then it's whether "
                        "anyone's got his back when it gets hard, because it will get hard. "
                        "Kitchens, building sites, same thing. Everyone's knackered, everyone's "
                        "wound up, and at the end of it everyone goes to the pub. And you don't "
                        "want to be the one who doesn't."
                    ),
                ),
                ("Interviewer", "Is that from your own experience?"),
                (
                    "P",
                    (
                        "Yeah. I was roofing, from sixteen. Loved it. Up on a roof on a summer "
                        "morning, there's nothing like it. But it was cash in hand and pints every "
                        "night and, um, it caught up with me. I'm not blaming the job. I was a "
                        "mess anyway. But the job made it easy to be a mess."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Not tell him no. Because sitting at home is what's killing him, it says "
                        "it right there. Sitting at home killed me a bit too. Help him think about "
                        "the pub bit. Not in a preachy way. Just, like, what are you going to say "
                        "when they all go to the pub? Have a line ready. Sounds stupid, but it "
                        "works. And the benefits, that's massive. I'm terrified of the benefits. "
                        "One wrong form and you're on nothing for eight weeks. So get someone who "
                        "actually knows about it, not a guess."
                    ),
                ),
                ("Interviewer", "And should the college be told about his mental health?"),
                (
                    "P",
                    (
                        "His choice. Completely. I wouldn't tell them. Once people know, you're "
                        "the mental one. Every time you're in a mood, it's your illness, never "
                        "just a bad day. With my label that's ten times worse. Personality "
                        "disorder, people hear that and they think you're going to be a nightmare."
                    ),
                ),
                ("Interviewer", "Are you thinking about work yourself?"),
                (
                    "P",
                    (
                        "I do a couple of mornings at a furniture place. Doing up old stuff, "
                        "wardrobes, chairs. I'm good at it, actually. They've said there might be "
                        "paid hours. And I'll be honest, I've heard the team's a bit twitchy about "
                        "it. Because of the drinking, because of before. But I've not had a drink "
                        "in, what, nineteen months? Nobody seems to count that. Gareth does. He's "
                        "the only one who ever says it out loud."
                    ),
                ),
            ],
            "abroad": [
                (
                    "Interviewer",
                    (
                        "This one's about Amira, who wants to travel on her own to see her mother, "
                        "who's seriously ill in the country where Amira grew up. She hasn't made "
                        "the trip for ten years, and her mood's been low over the winter."
                    ),
                ),
                ("P", "[reads] [pause] Yeah."),
                ("Interviewer", "Take your time."),
                (
                    "P",
                    (
                        "No, it's alright. It's just, my dad. He died, um, two years ago, just "
                        "over. He'd gone back over the water, where he's from. And I went over for "
                        "the funeral on the ferry and I didn't tell the team. Didn't tell anyone "
                        "except my sister Niamh."
                    ),
                ),
                ("Interviewer", "I'm sorry about your dad."),
                (
                    "P",
                    (
                        "Cheers. It's alright. We weren't close. That's a whole other interview "
                        "[laughs]."
                    ),
                ),
                ("Interviewer", "Why didn't you tell the team?"),
                (
                    "P",
                    (
                        "Because I knew what they'd say. Are you sure, what about your tablets, "
                        "who'll be with you. All fair questions, I suppose. But I was going. It "
                        "was my dad. I wasn't going to sit in a room and ask permission to bury my "
                        "dad. So I just went. Took my tablets, well, I had about four days' worth, "
                        "because I only get a week's tablets at a time, so I had to make them "
                        "stretch. Which wasn't clever. Came back, told Gareth after. He looked a "
                        "bit, I don't know. Hurt, maybe? He said, you could've told me, I'd have "
                        "helped. And I thought, would you, though?"
                    ),
                ),
                ("Interviewer", "Do you think he would have?"),
                (
                    "P",
                    (
                        "[pause] Probably, yeah. Now I know him better, yeah. At the time I "
                        "didn't. That's the thing with trust, it's always about the last time, not "
                        "this time."
                    ),
                ),
                ("Interviewer", "And for Amira, what do you think will happen next?"),
                (
                    "P",
                    (
                        "She goes. Obviously. Like she says. The question is if she goes with a "
                        "plan or without one. If they fight her, she goes without one. Like I did."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Make it easy for her to say what she's doing. Don't make her pick between "
                        "her mum and her care. Give her enough tablets, properly, not four days. "
                        "Give her a number. And don't go on at her about telling her family. "
                        "Families can make it worse. Some people's families think you should just "
                        "pull yourself together. She knows her family better than the team does. "
                        "Maybe help her think about what she'd do if she stopped sleeping, because "
                        "it says that's her sign. Mine's drinking. Everyone's got a sign. She'll "
                        "know hers."
                    ),
                ),
            ],
        },
        "closing": [
            (
                "Interviewer",
                (
                    "That's all five stories. To finish, is there anything else you'd like to say "
                    "about how risk is handled in your care?"
                ),
            ),
            (
                "P",
                (
                    "Um. Yeah, one thing. After New Year, a couple of years back, I wasn't "
                    "answering. I'd had a rubbish Christmas, I was drinking, I turned my phone "
                    "off. I wanted to be left alone. And Gareth rang the police and they put my "
                    "door in. Door off its hinges, boarded up for a week, the whole landing "
                    "watching. And I was sat there on the settee in my dressing gown. Alive. Just "
                    "not wanting to talk to anyone. Which I'm allowed. I was so angry with him. I "
                    "still am a bit, if I'm honest."
                ),
            ),
            ("Interviewer", "How do you see it now?"),
            (
                "P",
                (
                    "I see why he did it. I've done stuff before, when I've gone quiet. He didn't "
                    "know. So, yeah, I get it. But nobody ever said to me, right, next time you "
                    "want to go off grid for a few days, how do we know you're alright without "
                    "kicking your door in? Nobody asked me that. We could've had a system. I text "
                    "him a word, a thumbs up, anything. That's what I'd want them to hear. Ask us "
                    "before, not after. Because after, you're just picking up the bits of a door."
                ),
            ),
            ("Interviewer", "Did you and he talk about it afterwards?"),
            (
                "P",
                (
                    "He came round and said sorry about the door. Not sorry about calling them. "
                    "Which, you know, at least he was honest. I didn't talk to him for a bit and "
                    "then I made him a brew. He drinks it like tar, four sugars. Disgusting "
                    "[laughs]. Anyway. We're alright. That's it, I think."
                ),
            ),
            (
                "Interviewer",
                ("Thank you so much. That's really valuable. I'll stop the recording now."),
            ),
        ],
    },
    "MHW6": {
        "opening": [
            ("Interviewer", "Thank you for seeing me, I know you've come straight from a visit."),
            (
                "P",
                (
                    "That's okay, it's nice to sit down, honestly [laughs]. The car's been my "
                    "office all morning."
                ),
            ),
            (
                "Interviewer",
                ("You've signed the consent form, and you're still happy for me to record?"),
            ),
            ("P", "Yes, that's fine. Go ahead."),
            (
                "Interviewer",
                ("Great, it's recording now. Could you start by telling me a bit about your role?"),
            ),
            (
                "P",
                (
                    "Sure. So I'm a social worker, I've been qualified ten years, all of it in "
                    "mental health. I'm a care coordinator in the recovery team, so I hold a "
                    "caseload, um, about twenty-eight at the moment, which is high, and I'm also "
                    "an AMHP, an approved mental health professional, so I'm on the rota for "
                    "Mental Health Act assessments a few days a month. Which is relevant to your "
                    "study, I suppose, because it means I'm quite often the person in the room who "
                    "decides whether someone gets detained. So I sit on both sides of the risk "
                    "conversation, if that makes sense. On a Monday I might be helping someone get "
                    "their own tenancy, and on the Tuesday I'm finding a bed for someone who "
                    "doesn't want one."
                ),
            ),
            ("Interviewer", "How do you find holding both of those?"),
            (
                "P",
                (
                    "[pause] Honestly, some days it's fine and some days it sits very heavy. I "
                    "went into social work because of, you know, rights, social justice, people "
                    "having a say in their own lives. And the AMHP role is meant to be about that "
                    "too, the least restrictive option, the social perspective. But when you've "
                    "seen how quickly things can go wrong for someone, it does change you. I "
                    "notice it in myself. I'm more cautious than I was at twenty-eight. I'm not "
                    "sure that's entirely a good thing. There's one woman I've worked with for "
                    "about four years, and honestly she's taught me more about all this than any "
                    "training has. I'll probably end up mentioning her."
                ),
            ),
            (
                "Interviewer",
                (
                    "That's really interesting, and we may well come back to it. So, I'll show you "
                    "five short stories, one at a time, and after each one I'll ask a couple of "
                    "questions. There aren't any right answers."
                ),
            ),
            ("P", "Okay. I'm ready."),
        ],
        "vignettes": {
            "money": [
                (
                    "Interviewer",
                    (
                        "This one's about Dana, who ran into debt when she was unwell a few years "
                        "ago. Her brother has been her appointee since then, and now she's been "
                        "well for two years and wants to manage her own money again."
                    ),
                ),
                ("P", "[reads] Mm. Yes. This is very familiar."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "I think, realistically, it depends on Priya more than on Dana. If Priya "
                        "goes into the team meeting and presents it as, Dana wants her money back, "
                        "there's a risk, the brother's worried, then the team will pause it. If "
                        "she presents it as, Dana has a plan, here's how we'll notice if her "
                        "mood's lifting, here's what we'll do, then it probably goes ahead. How "
                        "you frame it in that room matters enormously. I've learned that the hard "
                        "way."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "So, legally, first, the starting point is that Dana has capacity unless "
                        "there's evidence she doesn't, and an unwise decision isn't the same as "
                        "lacking capacity. Appointeeship is meant for people who can't manage, not "
                        "for people who once didn't. So I'd be quite clear that the default should "
                        "be handing it back. But practically, I'd want to build it with her. What "
                        "are her early warning signs around money? Is it buying things for other "
                        "people, is it online shopping at three in the morning? And then let her "
                        "design the safeguards herself. Some people I work with choose a "
                        "cooling-off rule, or they let a sibling have a sort of view of their "
                        "spending, voluntarily. The difference is that it's theirs. They chose it, "
                        "and they can un-choose it."
                    ),
                ),
                ("Interviewer", "Have you seen that work?"),
                (
                    "P",
                    (
                        "Yes, with the woman I mentioned. When she's becoming high, spending is "
                        "one of the first things, and a few years ago it got really out of hand, "
                        "credit cards, catalogues. And what she's done, and I want to be clear it "
                        "was her idea, is she has an agreement with her sister that anything over "
                        "a certain amount, she waits a day and tells her sister first. Her sister "
                        "doesn't control it, she just hears about it. And it's worked. It's not "
                        "perfect. But it was hers, and I think that's why it's lasted."
                    ),
                ),
                ("Interviewer", "And the brother's worry, how much weight should that carry?"),
                (
                    "P",
                    (
                        "Some. Families see things we don't, they're there at eleven o'clock at "
                        "night. I'd want to hear him properly, and maybe offer him a carer's "
                        "assessment, because he's clearly carrying a lot. But his anxiety isn't a "
                        "risk assessment. And sometimes, to be honest, families are managing their "
                        "own fear, and we take that fear on as if it were clinical evidence. "
                        "Yvonne, my manager, always asks, what's the worst that could happen? And "
                        "I've started asking back, and what's the worst that happens if we say no? "
                        "Because for Dana, the worst case of saying no is another two years of "
                        "asking for a coat."
                    ),
                ),
            ],
            "flat": [
                (
                    "Interviewer",
                    (
                        "The next story is about Tom, who's lived in supported housing for two "
                        "years since leaving hospital and has been offered his own flat on the "
                        "other side of town. He has a week to decide."
                    ),
                ),
                (
                    "P",
                    ("[reads] The one-week deadline, yes. That's real. That happens all the time."),
                ),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "He'll accept, and I think he should. With housing the way it is, if he "
                        "turns it down he might not get another offer for years, and moving on is "
                        "the point of supported housing, isn't it, it's not meant to be forever. "
                        "What I worry about is the handover. The project staff have been doing so "
                        "much invisible work, the evening reminders, noticing if he hasn't come "
                        "down for tea, and none of that is written down anywhere, so it just "
                        "disappears on the day he moves."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Make the invisible stuff visible, before he goes. Sit down with Tom and "
                        "the project staff and actually list what they do for him day to day, and "
                        "then ask Tom which bits he wants to keep and which bits he'd quite like "
                        "to be rid of. Because some of it he'll be glad to lose. Nobody wants to "
                        "be reminded to take their tablets at thirty-eight. Then look at what "
                        "replaces the bits he does want: a blister pack, a phone alarm, a peer "
                        "support group near the new flat. And I'd be honest with him about the "
                        "fortnightly visits. Don't promise more than you can give. People can plan "
                        "around honest limits. What they can't plan around is a worker who says "
                        "weekly and then cancels."
                    ),
                ),
                ("Interviewer", "Is there anything in your own practice that's been like this?"),
                (
                    "P",
                    (
                        "Quite a lot, yes. Move-ons are most of my housing work. The ones that go "
                        "wrong, in my experience, it's rarely the medication. It's loneliness and "
                        "money, usually together. Someone moves, they can't afford the bus to "
                        "their old group, they stop going, they stop seeing anyone. So I'd be "
                        "looking hard at that bus journey. Can we get him a travel pass, can he "
                        "find a gardening group nearer the new place? Small things that are easy "
                        "to dismiss in a risk meeting."
                    ),
                ),
                ("Interviewer", "What about his daughter?"),
                (
                    "P",
                    (
                        "That's the centre of it, isn't it. Being able to have his daughter stay, "
                        "that's being a dad again. I'd want it recorded as a strength in his plan. "
                        "We're very good at writing down what might go wrong for people and not "
                        "very good at writing down what they're living for. The risk form we use "
                        "at Brindlow Road has a box for protective factors, and it's tiny, and "
                        "it's right at the bottom."
                    ),
                ),
                ("Interviewer", "Do you think the form shapes how people think?"),
                (
                    "P",
                    (
                        "I think it does, yes. If the form asks you twenty questions about risk "
                        "and one about strengths, you end up with a plan that's twenty parts worry "
                        "and one part hope. I try to write in the margins, so to speak. I'm not "
                        "sure anyone reads the margins."
                    ),
                ),
            ],
            "depot": [
                (
                    "Interviewer",
                    (
                        "This story is about Grace. She's been on a fortnightly antipsychotic "
                        "injection for six years and wants to stop because of the weight gain, "
                        "feeling slowed down, and a tremor that's affecting her drawing. The "
                        "consultant wants her to wait another year."
                    ),
                ),
                ("P", "[reads] Yes. Okay. This is the one, for me."),
                ("Interviewer", "In what way?"),
                (
                    "P",
                    (
                        "Because it's the situation I find hardest, and I'm in a version of it "
                        "right now with the woman I mentioned, not with an injection, with a mood "
                        "stabiliser. So, um, let me answer your question first and then I'll say a "
                        "bit about that."
                    ),
                ),
                ("Interviewer", "Sure. What do you think will happen next?"),
                (
                    "P",
                    (
                        "I think Grace probably agrees to wait, because she feels she has to, and "
                        "she resents it, and her relationship with Michael takes a knock. Or she "
                        "stops on her own. Either way, the thing the team was trying to prevent "
                        "becomes more likely, not less. People stop medication when they feel they "
                        "haven't been heard. That's almost a rule."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "First I'd want to separate the questions. Is it, should Grace ever stop? "
                        "Or is it, should she stop now, this way, with no plan? Because the "
                        "consultant's wait-a-year answers the first question, and she's asking a "
                        "different one. I'd ask for a joint review with Grace there, not a "
                        "decision made in the MDT and fed back to her afterwards. Talk through the "
                        "options honestly: a reduced dose, a switch, a supervised taper with more "
                        "contact while it's happening. A relapse signature, properly written with "
                        "her. And an advance statement, what she'd want if she did become unwell, "
                        "including, crucially, whether she wants her mother involved. Because last "
                        "time it was her mum ringing in distress, and I suspect that's what "
                        "everyone remembers, more than Grace's own account of what happened."
                    ),
                ),
                ("Interviewer", "And the situation you mentioned, from your own work?"),
                (
                    "P",
                    (
                        "So, without going into too much detail, she wants to come off her mood "
                        "stabiliser because she'd like to have another baby. Which is a completely "
                        "legitimate thing to want. And her history is that she became very unwell "
                        "after her first child. Dr Halloran, the consultant, isn't against it, but "
                        "he wants it planned very carefully, a referral to the perinatal team, a "
                        "slow reduction, and the timescales, from where she's sitting, are "
                        "agonising. She feels like her body is on a waiting list. I completely "
                        "understand that."
                    ),
                ),
                ("Interviewer", "Where do you sit in that?"),
                (
                    "P",
                    (
                        "[pause] Honestly? I'm on her side, and I'm also the person who would be "
                        "called if it went wrong. As an AMHP I've assessed women after birth who "
                        "were very unwell, and that's in my head. I try to keep it out of the "
                        "room, but it's in my head. What I've said to her is, this is your "
                        "decision, and my job is to make sure that when you make it, there's a "
                        "plan that everyone knows about, before the baby, not after. I think she "
                        "trusts that. I hope she does. Though I'm aware that in the meetings with "
                        "Dr Halloran I probably come across as more cautious than I am when it's "
                        "just the two of us. She's actually told me that, and she was right. I've "
                        "been trying to be more consistent."
                    ),
                ),
            ],
            "work": [
                (
                    "Interviewer",
                    (
                        "This story is about Sam. He trained as a chef, he hasn't worked for three "
                        "years, and he's been offered a part-time catering course with a "
                        "restaurant placement, with evening and weekend shifts."
                    ),
                ),
                ("P", "[reads] [laughs] The knives. He's already in the kitchen in his head."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "I think he starts the course. Whether he finishes it depends a lot on the "
                        "first few weeks and on whether the placement is flexible. Kitchens aren't "
                        "always the most forgiving places, so I'd be more wary of the placement "
                        "than of the course itself."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Help him plan for the specific things that went wrong last time, rather "
                        "than treating the whole job as the risk. It wasn't cooking that made him "
                        "ill, it was the lack of sleep and the drinking. So, could he start with "
                        "day shifts and build up? What does he want his routine to look like on "
                        "the nights he finishes at eleven? And, I say this a lot, get a proper "
                        "welfare benefits check before he signs anything. I've had people lose "
                        "their housing costs because nobody checked the rules about hours, and "
                        "that's a disaster that has nothing to do with their mental health and "
                        "everything to do with the system."
                    ),
                ),
                ("Interviewer", "What about the college? Should he tell them?"),
                (
                    "P",
                    (
                        "That's his decision. I'd talk it through with him, the pros and cons: "
                        "telling them might get him reasonable adjustments, a gentler start, some "
                        "flexibility over absence. Not telling them means he's just Sam, the new "
                        "student, and there's a lot to be said for that. I'd help with either. "
                        "What I wouldn't do is contact them myself. That would be a real breach of "
                        "trust."
                    ),
                ),
                ("Interviewer", "Has anything like this come up in your work?"),
                (
                    "P",
                    (
                        "Yes, quite recently. The woman I mentioned does hair. She'd been doing it "
                        "from home and she's been offered a chair at a salon. It's a bit like Sam, "
                        "because sleep is her biggest trigger, and salons have late evenings and "
                        "weddings at six in the morning. We sat down and mapped out a week with "
                        "her. She decided no bridal work for the first six months, which I thought "
                        "was very wise, and she decided it herself, I didn't suggest it. So I "
                        "think sometimes the worker's job is just to ask the question and then get "
                        "out of the way."
                    ),
                ),
                ("Interviewer", "How did the team respond to that?"),
                (
                    "P",
                    (
                        "Fine, actually. I think work is one area where the team is quite "
                        "positive. Everyone knows work is good for people. It's money and children "
                        "and medication where people get nervous. Which, if you think about it, "
                        "are the things people care about most."
                    ),
                ),
            ],
            "abroad": [
                (
                    "Interviewer",
                    (
                        "This story is about Amira. Her mother is seriously ill in the country "
                        "where Amira grew up, and Amira wants to travel alone to be with her for "
                        "three weeks. Her mood's been low over the winter, and she'd rather her "
                        "relatives didn't know about her illness."
                    ),
                ),
                ("P", "[reads] Hmm. There's a lot in this one."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "She goes. She's told them she's going. So the question for the team is "
                        "whether they're part of her plan or not. If they make it a fight, she'll "
                        "go anyway and she'll just tell them less, and that's the worst outcome."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Practically: a letter for her medication, enough supply, which sometimes "
                        "means arguing with a pharmacy about a three-week supply. A conversation "
                        "about sleep, because it says that's her early sign, and a long flight, a "
                        "time difference, grief, hospital visits at strange hours, that's a "
                        "perfect recipe for not sleeping. So maybe agree something with the doctor "
                        "to help her sleep. A plan for what she does if she notices it slipping, "
                        "who she contacts there, how she contacts us. And I'd respect her wish "
                        "about her relatives. I'd gently explore it, maybe there's one person "
                        "she'd trust, but it's not my place to decide who in her family knows "
                        "about her health. In some families the stigma is very real, and if people "
                        "find out it can change how they treat her for years. She's the one who "
                        "lives with that, not the team."
                    ),
                ),
                ("Interviewer", "Has anything like this happened in your work?"),
                (
                    "P",
                    (
                        "Yes, actually, and it was one of the good ones. Last year the woman I "
                        "mentioned went abroad for a friend's wedding. First time on a plane since "
                        "her diagnosis. And there was some anxiety in the team, I remember Yvonne, "
                        "my manager, asking whether we'd documented that we'd advised her about "
                        "the risks. And I thought, she's an adult going to a wedding [laughs]. But "
                        "we planned it properly. We worked out her medication times across the "
                        "time difference, she had her bloods done beforehand, she had a letter for "
                        "the airport, and we agreed she'd text me on the Monday she got back. I "
                        "won't say more than that, but it went really well. It's one I think about "
                        "when I need reminding why we do this job."
                    ),
                ),
                ("Interviewer", "What made the difference, do you think?"),
                (
                    "P",
                    (
                        "She led it. I just asked the questions. And the team trusted it enough "
                        "not to get in the way. That doesn't always happen."
                    ),
                ),
            ],
        },
        "closing": [
            (
                "Interviewer",
                (
                    "That's all five. To finish, is there anything else you'd like to say about "
                    "how risk is handled in your work?"
                ),
            ),
            (
                "P",
                (
                    "Um, yes, one thing, and it's quite hard to say. In March 2024 I made a "
                    "referral to children's services about the woman I've mentioned, when she was "
                    "becoming unwell and her son was at home with her. I told her I was doing it "
                    "before I did it, and I told her why, and I think that's the only reason she "
                    "still works with me. Her son went to stay with her sister for a few weeks. "
                    "He's home, everything's fine, the case was closed. But I still go over it. "
                    "Could we have seen it earlier? If we'd had a proper crisis plan in place with "
                    "her, agreed in advance who would look after him if she became unwell, would "
                    "it have needed to be a referral at all? I think possibly not. I think we "
                    "could have had a plan she owned instead of a process that happened to her. "
                    "And that's what I'd say about risk more generally. Most of the defensive "
                    "practice I see isn't people being cold or uncaring. It's people not having "
                    "had the conversation early enough, and then reaching for the procedure "
                    "because that's all that's left."
                ),
            ),
            ("Interviewer", "Thank you. That's a really honest reflection."),
            ("P", "It's a good thing to be asked about. We don't get asked very often. Thank you."),
            ("Interviewer", "Thank you. I'll stop the recording there."),
        ],
    },
    "SU6": {
        "opening": [
            ("Interviewer", "Thanks so much for coming in. Can I get you some water or anything?"),
            (
                "P",
                (
                    "I'm alright, I've got my coffee. My third one today [laughs]. Don't put that "
                    "in."
                ),
            ),
            (
                "Interviewer",
                (
                    "[laughs] Noted. You've signed the consent form, and you're okay with me "
                    "recording?"
                ),
            ),
            ("P", "Yeah, go for it. Do I need to talk into it or anything?"),
            (
                "Interviewer",
                (
                    "No, just talk normally, it'll pick you up. So, to start, could you tell me a "
                    "bit about the care you get from the team?"
                ),
            ),
            (
                "P",
                (
                    "Okay, so, I've got bipolar, I was diagnosed nine years ago, after I had my "
                    "son. He's nine now, Jayden, he's, yeah, he's my world basically. So nine "
                    "years with the team, on and off. I've got a care coordinator who's a social "
                    "worker, I've had her about four years, and she's, honestly, she's the best "
                    "one I've had. I see the consultant every few months for my lithium and my "
                    "bloods. And that's kind of it at the moment, because I'm doing well, touch "
                    "wood. I do hair, I've got my clients, I've got my boy, I've got my partner. "
                    "I'm busy. Sometimes I think they don't know what to do with me when I'm well "
                    "[laughs]. Like the appointments get a bit, so, what shall we talk about "
                    "today?"
                ),
            ),
            ("Interviewer", "What makes her the best one you've had?"),
            (
                "P",
                (
                    "She tells me stuff straight. Even stuff I don't want to hear. Especially "
                    "that, actually. Other workers I've had, they'd smile at you and then you'd "
                    "find out from a letter what they'd decided. She's never done that. Not once. "
                    "Also she's a Black woman and, I'm not saying that's everything, but I don't "
                    "have to explain certain things to her. Like when I'm loud, I'm not kicking "
                    "off, I'm just loud [laughs]. Some people read that as aggressive. She "
                    "doesn't."
                ),
            ),
            (
                "Interviewer",
                (
                    "Thank you. So I'll show you five short stories, one at a time, and ask you "
                    "some questions about each one. There are no right or wrong answers."
                ),
            ),
            ("P", "Cool. Like a book club."),
        ],
        "vignettes": {
            "money": [
                (
                    "Interviewer",
                    (
                        "This one's about Dana. She got into debt during a bad patch a few years "
                        "back, and since then her brother has been her appointee, paying her bills "
                        "and giving her an allowance. She's been well for two years and she wants "
                        "her money back."
                    ),
                ),
                ("P", "[reads] Oh, this is me. Well, not exactly me. But this is me."),
                ("Interviewer", "In what way?"),
                (
                    "P",
                    (
                        "When I'm going high, money is the first thing. Literally the first thing. "
                        "Before I even know I'm high, I've got three parcels on the doorstep. The "
                        "last big time, I'd ordered, I'm not even joking, a hot tub. I live in a "
                        "flat on the second floor [laughs]. It's funny now. It wasn't funny when "
                        "the letters came."
                    ),
                ),
                ("Interviewer", "And for Dana, what do you think will happen next?"),
                (
                    "P",
                    (
                        "I think they'll say wait. Because the brother's worried and the notes say "
                        "money. And she'll be gutted, and she'll maybe feel like, what's the point "
                        "of getting well if nothing changes? That's the feeling. That's the exact "
                        "feeling."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Give it back to her but with, like, a safety net she chooses. So what "
                        "I've got, and this was my idea, I want that on the record [laughs], I've "
                        "got a rule with my sister Simone. Anything over fifty quid, I wait "
                        "twenty-four hours and I text Simone what it is. That's it. She can't stop "
                        "me, she's not in charge of my money, she just knows. And if I'm texting "
                        "her about a hot tub at two in the morning, she'll ring me and go, babe, "
                        "are you alright? And honestly, just that, someone saying it out loud, "
                        "that's enough to make me stop and think. Most of the time."
                    ),
                ),
                ("Interviewer", "How did that come about?"),
                (
                    "P",
                    (
                        "After the last time, me and my care coordinator were going through it "
                        "all, the debts and that, and she asked me, what would have stopped you? "
                        "And I thought about it and I said, Simone. If Simone had known. And she "
                        "said, well, could she know? And that's how it happened. She didn't tell "
                        "me to do it. She asked the right question. That's different."
                    ),
                ),
                ("Interviewer", "And the brother, what do you make of him?"),
                (
                    "P",
                    (
                        "He sounds like he loves her. Simone would be like that. But loving "
                        "someone doesn't mean you get to hold their purse. The coat thing, that's "
                        "really sad, actually. Asking for a coat. You'd never get better like "
                        "that. You'd just get quieter."
                    ),
                ),
            ],
            "flat": [
                (
                    "Interviewer",
                    (
                        "This story is about Tom. He's been in supported housing for two years, "
                        "since he left hospital, and now he's been offered a one-bed flat of his "
                        "own, across town. He has to decide within a week."
                    ),
                ),
                ("P", "[reads] Aw. His daughter. Yeah, he has to take it."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "He takes it. I think the first bit is going to be hard, like, proper "
                        "hard, because he's going from people everywhere to nobody. But with his "
                        "daughter coming at weekends he'll have something to get the place ready "
                        "for. Like, you'd want to make a room nice for your kid. That keeps you "
                        "going."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Help him make a plan for the evenings. That's when it'll hit. Maybe, I "
                        "don't know, a phone call a couple of times a week at first, even just "
                        "five minutes. And find out if the daughter's mum is okay with the "
                        "weekends, because if there's drama there that's going to be stressful, "
                        "and stress is, yeah. And I'd say, don't go on and on about last time. He "
                        "knows about last time. You don't need to remind someone about the worst "
                        "thing that ever happened to them every time they want to try something."
                    ),
                ),
                ("Interviewer", "Is that something that's happened to you?"),
                (
                    "P",
                    (
                        "All the time. Not so much with her, with my care coordinator, but in "
                        "reviews and that. The first time I was ill I was on Osier Ward. It was "
                        "the 19th of June and Jayden was three weeks old. I remember the date "
                        "because, you know. You don't forget that. And it's like every meeting "
                        "since, that's in the room. It's in my notes, it's in their heads, it's "
                        "the story of me. And I get it, it was after the birth, it was serious. "
                        "But that was nine years ago. I've been a mum the whole nine years. Nobody "
                        "writes that down."
                    ),
                ),
                ("Interviewer", "How does that feel, to have it in the room?"),
                (
                    "P",
                    (
                        "Like you're on probation forever. Like you can do everything right for "
                        "years and you've still got this little asterisk next to your name."
                    ),
                ),
                (
                    "Interviewer",
                    (
                        "Coming back to Tom, do you think he should move even with the risk of "
                        "things going wrong?"
                    ),
                ),
                (
                    "P",
                    (
                        "Yeah. Because you can't live in a project forever just in case. That's "
                        "not living, that's waiting. And if it goes wrong, it goes wrong, and you "
                        "help him pick it up. It's not the end of the world. It's only the end of "
                        "the world if everyone acts like it is."
                    ),
                ),
            ],
            "depot": [
                (
                    "Interviewer",
                    (
                        "This one's about Grace. She's been on a fortnightly antipsychotic "
                        "injection for six years, and she wants to stop because of the side "
                        "effects: the weight, feeling slowed down, and a shake in her hands that's "
                        "making it hard to draw. Her consultant wants her to wait another year."
                    ),
                ),
                ("P", "[reads] [pause] Okay. This one's a bit close to home."),
                ("Interviewer", "Take your time. We can come back to it if you'd rather."),
                (
                    "P",
                    (
                        "No, no, I want to do it. So I'm on lithium, not an injection, but it's "
                        "the same kind of thing. I want to come off it. Me and my partner want "
                        "another baby, and you can't, well, you're not supposed to be on lithium "
                        "when you're pregnant, or it's risky, I don't know all the ins and outs, "
                        "the consultant explained it. And because of what happened after Jayden, "
                        "everyone's, like, very, very careful. Which I understand. I do "
                        "understand. But I'm thirty-four. I can't wait forever. And every "
                        "appointment it's another referral, another wait, another, let's review in "
                        "three months."
                    ),
                ),
                ("Interviewer", "And for Grace, what do you think will happen next?"),
                (
                    "P",
                    (
                        "I think she'll wait, because she's scared of hospital. That's what keeps "
                        "you on things, honestly. Not that you think they're working, that you're "
                        "scared of what happens if you stop. And then she'll just be, like, "
                        "unhappy and heavy and shaky for another year. Sorry, that sounds harsh. "
                        "But the weight thing, nobody takes the weight thing seriously. I put on "
                        "two stone on one of my first medications and the doctor literally said, "
                        "well, it's better than being in hospital. Like those are the only two "
                        "options."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Stand next to her. Not in front of her, not behind the doctor. Next to "
                        "her. Go in with her and say, these are her reasons and they're real "
                        "reasons. And help her make a plan so that if she does stop and it goes "
                        "wrong, she's not losing everything. Because the fear is, you stop, you "
                        "get ill, they take your kids, you lose your flat, you lose your job. It's "
                        "everything. It's not just, oh, I'll feel a bit poorly."
                    ),
                ),
                ("Interviewer", "Does your care coordinator do that for you, stand next to you?"),
                (
                    "P",
                    (
                        "[pause] Mostly. When it's me and her, she's brilliant, she's all, it's "
                        "your body, it's your decision, we'll make a plan. And I believe her. But "
                        "when we're in with the consultant, she goes a bit quiet. Like she lets "
                        "him do the talking. And I'm sat there thinking, say the thing you said to "
                        "me! I did tell her that, actually. I said, you're different in there. And "
                        "she said, you're right, I'll work on it. Which, fair play to her. Not "
                        "many of them would say that."
                    ),
                ),
                ("Interviewer", "And do you think she meant it?"),
                (
                    "P",
                    (
                        "Yeah. I think she's scared too, if I'm honest. Of it going wrong. I think "
                        "they all are, and they just hide it behind the forms. She just hides it "
                        "less than the rest of them."
                    ),
                ),
            ],
            "work": [
                (
                    "Interviewer",
                    (
                        "This story is about Sam. He used to be a chef and he hasn't worked for "
                        "three years. A college has offered him a part-time catering course with a "
                        "restaurant placement, with evening and weekend shifts."
                    ),
                ),
                ("P", "[reads] Aww, bless him, he's bought knives."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "He'll do it, and he'll love it, and then the first time he does a double "
                        "shift and doesn't sleep, that's the test. For me sleep is like, it's the "
                        "canary, you know, the bird in the mine? If I'm not sleeping, that's it, "
                        "that's my first sign. So Sam needs to know his version of that."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Be excited with him! First thing. Honestly, people underestimate that. "
                        "When I told my care coordinator I'd been offered a chair in a salon, she "
                        "did a little, like, a little clap, and it made my day. Before anything "
                        "about risk or whatever. Then after, yeah, you sit down and you talk about "
                        "the boring stuff. Sleep, benefits, the drinking."
                    ),
                ),
                ("Interviewer", "Tell me a bit more about the salon."),
                (
                    "P",
                    (
                        "So I've been doing hair from home for about three years, mostly braids, "
                        "some silk presses, I've got my regulars. And a salon up the road offered "
                        "me a chair. Which is big for me, because it's proper, you know, a proper "
                        "job with a proper till and everything [laughs]. But salons, Saturday "
                        "you're in at seven, and weddings you're sometimes starting at five in the "
                        "morning. And I thought, actually, that's exactly my trigger. So I said "
                        "I'm not doing bridal for the first six months. I'll build up."
                    ),
                ),
                ("Interviewer", "Whose idea was that?"),
                (
                    "P",
                    (
                        "Mine. Well. She asked me what would be the hardest bit, and I said the "
                        "early mornings, and she asked what I wanted to do about that. So it was "
                        "my idea, but she asked the question. She does that a lot. It's a bit "
                        "annoying sometimes, like, just tell me what to do! But then I wouldn't do "
                        "it if she told me, so [laughs]."
                    ),
                ),
                ("Interviewer", "And for Sam, should he tell the college about his mental health?"),
                (
                    "P",
                    (
                        "Ooh. Hmm. I didn't tell the salon. I don't think I will. Maybe once they "
                        "know me. Because once people know you've got bipolar, every time you're "
                        "in a good mood they're side-eyeing you like, is she manic? You can't just "
                        "be happy. For Sam, it's up to him. Nobody should do it for him."
                    ),
                ),
            ],
            "abroad": [
                (
                    "Interviewer",
                    (
                        "This one's about Amira. Her mother is seriously ill in the country where "
                        "Amira grew up, and Amira wants to travel alone to be with her for three "
                        "weeks. Her mood's been low over the winter, and she'd rather her "
                        "relatives didn't know about her illness."
                    ),
                ),
                ("P", "[reads] Oh, she has to go. That's her mum."),
                ("Interviewer", "What do you think will happen next?"),
                (
                    "P",
                    (
                        "She'll go, she's said she's going. I just hope they help her and don't "
                        "make her feel like she's being naughty. Because you can tell when they "
                        "don't approve. They don't say no, they just go, hmm, and write something "
                        "down."
                    ),
                ),
                ("Interviewer", "What should the mental health worker do?"),
                (
                    "P",
                    (
                        "Help her with the tablets, for a start, because that's a nightmare. When "
                        "I went away last year for my friend's wedding, I'd never flown since I "
                        "got diagnosed, and I was worried about the airport, like, will they think "
                        "I'm smuggling something? So my care coordinator got me a letter, and we "
                        "worked out my lithium times with the time difference, and I had my bloods "
                        "done before I went. It was actually really fun planning it, we had a "
                        "little sheet. And I had the best time. I texted her a selfie from the "
                        "airport [laughs]. Did she tell you that? She's probably not allowed to "
                        "say."
                    ),
                ),
                ("Interviewer", "I can't say anything about other interviews, sorry."),
                ("P", "No, I know, I'm just being nosy."),
                ("Interviewer", "And for Amira, what about her family not knowing?"),
                (
                    "P",
                    (
                        "That's her business. Honestly. My family, some of my aunties, they think "
                        "it's something you can just snap out of, or that you're being dramatic. "
                        "Not all of them. My sister Simone's been amazing. But I get not wanting "
                        "the whole family in it. You're already going through your mum being ill, "
                        "you don't want to be the one everyone's whispering about as well. Maybe "
                        "she could tell one person. But she picks."
                    ),
                ),
                ("Interviewer", "And the low mood over the winter, does that worry you for her?"),
                (
                    "P",
                    (
                        "A bit, yeah. Because grief and no sleep and being far away, that's a lot. "
                        "I'd want her to have a plan for if she's not sleeping, like, who does she "
                        "call, can she get something from a doctor over there. But also, if she "
                        "doesn't go and her mum dies, that's a whole other kind of ill, isn't it. "
                        "That never goes away. I'd rather she went and struggled than stayed and "
                        "regretted it forever."
                    ),
                ),
            ],
        },
        "closing": [
            (
                "Interviewer",
                (
                    "That's all five stories. To finish, is there anything else you'd like to say "
                    "about how risk is handled in your care?"
                ),
            ),
            (
                "P",
                (
                    "Yeah. Um. [pause] A couple of years ago, when I was getting ill, my care "
                    "coordinator made a referral to children's services. About Jayden. And I "
                    "remember she came round and she sat on my sofa and she said, I'm going to do "
                    "this, and this is why, and I want you to hear it from me first. And I "
                    "screamed at her. Like, proper screamed. Jayden went to stay with Simone for "
                    "about six weeks, and those were the worst six weeks of my life. Worse than "
                    "the ward."
                ),
            ),
            ("Interviewer", "That sounds incredibly hard."),
            (
                "P",
                (
                    "It was. And the woman from children's services who came out, she was, "
                    "honestly, she spoke to me like I was a bad mum. Like I'd done something on "
                    "purpose. That's the bit I'm still angry about. Not my care coordinator. "
                    "Because she told me. She didn't go behind my back. And when it was all over "
                    "she came round and said, what could we have done so that didn't need to "
                    "happen? And we made a plan, like, if I get ill, Jayden goes to Simone, it's "
                    "already agreed, it's written down, Simone's signed it. So it's not a crisis, "
                    "it's just a plan."
                ),
            ),
            ("Interviewer", "How do you feel about the referral now?"),
            (
                "P",
                (
                    "[pause] Honestly, I think maybe she had to. I was in a bad way. I don't "
                    "remember half of it. But I also think if we'd had the plan before, it "
                    "wouldn't have had to be a referral, it would have just been me going to my "
                    "sister's. So that's what I'd say. Make the plan when people are well. Don't "
                    "wait till they're ill and then do it to them. Ask us when we're well. We've "
                    "got loads to say when we're well [laughs]."
                ),
            ),
            ("Interviewer", "Thank you so much. That's been really helpful."),
            ("P", "Is that it? That went quick. Thank you, this was actually alright."),
            ("Interviewer", "I'll stop the recording now."),
        ],
    },
}

# Identifying details a researcher would redact, per transcript: the exact text as it appears,
# and a label.
IDENTIFIERS = {
    "MHW5": [
        ("Bev", "name"),
        ("Dr Fairlie", "name"),
        ("Quillbrook", "place"),
        ("2nd of January", "date"),
    ],
    "SU5": [
        ("Gareth", "name"),
        ("Niamh", "name"),
        ("Quillbrook", "place"),
        ("Merrin Ward", "place"),
    ],
    "MHW6": [
        ("Yvonne", "name"),
        ("Dr Halloran", "name"),
        ("Brindlow Road", "place"),
        ("March 2024", "date"),
    ],
    "SU6": [
        ("Jayden", "name"),
        ("Simone", "name"),
        ("Osier Ward", "place"),
        ("19th of June", "date"),
    ],
}
