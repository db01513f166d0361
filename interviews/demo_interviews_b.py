"""In-person interview transcripts of demo dyads 7 and 8: synthetic, written for this project."""

# Speakers are the interviewer and P (the participant, replaced by the pseudonym on loading).
# Each vignette section stands on its own, since the order of the vignettes differs per person.
INTERVIEWS = {
    "MHW7": {
        "opening": [
            (
                "Interviewer",
                (
                    "Thanks for fitting this in around your clinics. Before we start, can I check "
                    "the recorder's picking us up? Could you just say something for me?"
                ),
            ),
            (
                "P",
                (
                    "Testing, testing. [laughs] Sorry, I've always wanted to say that into one of "
                    "those. Is it working?"
                ),
            ),
            (
                "Interviewer",
                (
                    "It's working, that's fine. And just to go over it again: you've signed the "
                    "consent form, we're recording, and you can skip anything or stop at any "
                    "point. Nothing you say goes back to your team or to the person you nominated."
                ),
            ),
            (
                "P",
                (
                    "Yeah, that's all fine. I've been on the other side of a few of these over the "
                    "years, handing the forms out, so I know the drill."
                ),
            ),
            (
                "Interviewer",
                (
                    "Great. So to start us off, could you tell me a bit about your role and how "
                    "long you've been doing it?"
                ),
            ),
            (
                "P",
                (
                    "Um, so I'm a community psychiatric nurse, I'm a care coordinator in one of "
                    "the community teams, and I've been nursing for, God, thirty years this "
                    "summer. I trained when the last of the old long-stay hospitals were still "
                    "open, and my first placement was on a ward with people on it who'd been there "
                    "since before I was born. So I've seen it go from that to care in the "
                    "community, then recovery, and now it's risk and recovery in the same "
                    "sentence. [laughs] I've got a caseload of about thirty-two at the moment, "
                    "mostly people with psychosis, and a lot of them people I've known for years."
                ),
            ),
            (
                "Interviewer",
                ("And the person you nominated for the study, how long have you worked with him?"),
            ),
            (
                "P",
                (
                    "Alan. I've been his care coordinator for, it'll be eleven years now. Which is "
                    "unusual these days, people get passed around a lot more. He's had four or "
                    "five different doctors in that time and one of me. He's sixty, he's been in "
                    "services since he was a young man, and when I picked him up he was living in "
                    "a group home, his sister was managing his money, and he'd been told a lot of "
                    "no over the years. He's in his own flat now, on Wrenfield Street, going on "
                    "eight years. So I suppose he's the person who's taught me the most about what "
                    "we get wrong, if I'm honest."
                ),
            ),
            ("Interviewer", "What do you mean by that?"),
            (
                "P",
                (
                    "Um. Just that when I met him, everything in his file was about what might go "
                    "wrong. A violence marker from an incident in nineteen-ninety-something that "
                    "nobody could even find the details of any more. Non-concordance. "
                    "Self-neglect. And then you meet him and he's this quiet, funny bloke who "
                    "wants to make his own tea and watch the racing. That file had followed him "
                    "round for twenty years and nobody had sat down and asked whether any of it "
                    "was still true."
                ),
            ),
        ],
        "vignettes": {
            "money": [
                (
                    "Interviewer",
                    (
                        "This story is about Dana, who's in her forties. Her brother has been her "
                        "appointee since she got into debt while she was unwell, and she gets a "
                        "weekly allowance from him. She's been well for two years now and wants "
                        "her money back. Her care coordinator, Priya, knows her last relapse "
                        "started with overspending. What do you think will happen next?"
                    ),
                ),
                (
                    "P",
                    (
                        "Honestly? I think Priya takes it to the team meeting and somebody says, "
                        "well, the risk assessment says money, and it gets put off. Not a no, you "
                        "see. Just put off. Review in three months. And in three months the "
                        "brother's still worried and nothing's changed, because nothing's been "
                        "done to change it. It's not a no, it's a not yet, and not yet can last "
                        "years."
                    ),
                ),
                ("Interviewer", "Why do you think it goes that way?"),
                (
                    "P",
                    (
                        "Um, because the brother's a known quantity and Dana with her own bank "
                        "card isn't. If she overspends and gets poorly, somebody will ask, who "
                        "agreed to this? And it'll be Priya's name on it. Whereas if she carries "
                        "on missing birthday meals, nobody's ever going to ask who agreed to that. "
                        "There's no incident form for a missed birthday. [pause] That sounds "
                        "cynical. I don't mean people don't care. But the system counts one kind "
                        "of harm and not the other."
                    ),
                ),
                ("Interviewer", "So what should Priya do?"),
                (
                    "P",
                    (
                        "Do it properly, not hand it all over on a Monday morning. Sit down with "
                        "Dana, and the brother if she wants him there, and agree a handover, a bit "
                        "at a time. And then, this is the important bit, you agree together what "
                        "the early signs look like. Not the team's signs, hers. Dana will know "
                        "what it felt like last time before it got out of hand. Was it buying "
                        "things for other people, was it online, was it late at night? And she "
                        "decides who gets told if that starts happening. Might be the brother, "
                        "might be Priya. Then you write it down, with the plan next to the risk, "
                        "so the next person who opens the file sees the whole picture."
                    ),
                ),
                ("Interviewer", "Has anything like this come up in your own work?"),
                (
                    "P",
                    (
                        "Yeah. With Alan, actually. His sister had been his appointee for fifteen "
                        "years or so by the time I came along. Lovely woman, she did it out of "
                        "love, she was frightened for him. But he was on an allowance, forty pound "
                        "a week or something, and he'd ring her up to ask for money for shoes. A "
                        "grown man in his fifties. So we did it slowly, over about a year. He "
                        "opened his own account, we went to the bank together a few times, and for "
                        "the first few months I went through his statements with him, which he "
                        "hated, he said it was like being back at school. [laughs] And there was "
                        "one month he went over. He'd bought a new telly, a big one, on credit, "
                        "and his sister rang me in a real state. I'll be honest, I had a sleepless "
                        "night over that. But he sorted it himself. He rang the shop, he set up "
                        "the payments. He didn't get ill. The telly's still there."
                    ),
                ),
                ("Interviewer", "How did the team respond at the time?"),
                (
                    "P",
                    (
                        "Mixed. My manager then backed me, which helped. But there was a locum "
                        "doctor who wrote in the notes that his risk of financial exploitation had "
                        "increased, which it hadn't, it was a television. And those things stick. "
                        "You have to go back and correct them or they follow people about. I've "
                        "spent a fair bit of my career correcting notes."
                    ),
                ),
            ],
            "flat": [
                (
                    "Interviewer",
                    (
                        "Here's one about Tom, who's been in supported housing for two years since "
                        "he left hospital. He's been offered a one-bedroom flat across town and he "
                        "wants it: his own front door, and somewhere his teenage daughter can "
                        "stay. His care coordinator, Gareth, is pleased for him but uneasy, "
                        "because the last time Tom lived alone he stopped eating and lost touch "
                        "with the team. What do you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "I think he'll take it. He should take it. If he turns it down, the "
                        "housing association won't offer him another for a long while, you know "
                        "that and I know that. And his daughter's a teenager, those years don't "
                        "come back. So he takes it, and the real question is what happens in the "
                        "first three months."
                    ),
                ),
                ("Interviewer", "And what should Gareth do?"),
                (
                    "P",
                    (
                        "Well, first thing, the last time Tom lived alone isn't this time. He'd "
                        "have been coming out of a bad patch, no routine, probably not much "
                        "support. Now he's cooking, he's doing the gardening, he's had two years "
                        "of being settled. So Gareth should look at what's actually different. "
                        "Then the reminders. The project staff say he relies on them, but has "
                        "anybody tried taking them away? You could try a dosette box and an alarm "
                        "on his phone while he's still in the project, a month before he moves, "
                        "and see. That's a proper test rather than a guess. And the bus to the "
                        "gardening group, go on the bus with him. Do it once or twice. It sounds "
                        "daft, but I've done that many a time, and it's amazing how often the "
                        "reason someone stops going somewhere is they can't face working out the "
                        "bus."
                    ),
                ),
                ("Interviewer", "He says he can only visit once a fortnight."),
                (
                    "P",
                    (
                        "Yeah. [sighs] That's real. That's the bit nobody in the story can do much "
                        "about. But you can front-load it for a few weeks if you're straight with "
                        "your manager about why. And you can get other people in: the support "
                        "worker in the team, floating support if there is any, the daughter even, "
                        "if Tom's happy with that. It doesn't all have to be Gareth. I think "
                        "sometimes we make ourselves the only safety net, and then of course we're "
                        "frightened, because one person isn't much of a net."
                    ),
                ),
                ("Interviewer", "Has anything like this happened with someone you've worked with?"),
                (
                    "P",
                    (
                        "Alan's move. He'd been in the group home nine years. There'd been a plan "
                        "for him to move out before I knew him and it fell through, because he had "
                        "a couple of months on Ashbury Ward, and after that everything went back "
                        "to square one. So when this flat came up there was a lot of, is this "
                        "wise. Dr Varga, who was his consultant then, was quite worried. She "
                        "wasn't against it, to be fair to her, she wanted more in place. And we "
                        "did put more in place. For the first couple of months I saw him every "
                        "week, sometimes twice. And what I remember is, about six weeks in, I went "
                        "round and he made me a cup of tea in his own kitchen, and he said, that's "
                        "the first time in thirty years I've made a cup of tea for a visitor. "
                        "[pause] That stays with you."
                    ),
                ),
                (
                    "Interviewer",
                    ("Did any of the worries about him living alone turn out to be right?"),
                ),
                (
                    "P",
                    (
                        "Some. He didn't eat well at first, a lot of toast. And he was lonely, "
                        "more than either of us expected, he missed the noise of the group home. "
                        "That's the bit nobody had thought about. The risk assessment was all "
                        "medication and self-neglect, and nobody wrote loneliness on it. Which is "
                        "probably what I'd say to Gareth: think about what Tom's losing as well as "
                        "what he's getting. The other residents, the staff he likes. That's a "
                        "loss, even when it's a good move."
                    ),
                ),
            ],
            "depot": [
                (
                    "Interviewer",
                    (
                        "This one is about Grace, who's in her thirties and has had an injection "
                        "every two weeks for six years. She's been well, she volunteers, she's "
                        "drawing again, but she says the injection makes her slow and heavy, she's "
                        "put on weight and her hands shake. She wants to stop. She's been admitted "
                        "twice before after stopping, and the consultant would like her to wait "
                        "another year. What do you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "Hmm. [pause] This is the one that's closest to the bone, isn't it. Um. I "
                        "think if she's not listened to, she'll stop anyway. She'll just not turn "
                        "up one fortnight, and then the next. That's what happens in real life, "
                        "people vote with their feet. And then you're worse off than if you'd "
                        "planned it together, because she's come off all at once with nobody "
                        "keeping an eye."
                    ),
                ),
                ("Interviewer", "What should Michael do?"),
                (
                    "P",
                    (
                        "Take the side effects seriously, first off. The shaking, you can do "
                        "something about that, you can look at the dose, there's medication for "
                        "the tremor, you can look at a different drug. The weight, you can do "
                        "something about. A year of nothing happening isn't a plan, it's a delay. "
                        "So I'd want Michael to go back to the consultant and say, what can we try "
                        "this month, not next year. A lower dose, tablets, whatever. And if Grace "
                        "still wants to come off after that, you plan it together, slowly, and "
                        "agree what you're both looking out for."
                    ),
                ),
                ("Interviewer", "You said it was close to the bone."),
                (
                    "P",
                    (
                        "Yeah. I give a lot of depots. I've given, I don't know, thousands. And "
                        "I've seen what happens when people come off and it goes wrong, and it can "
                        "go very wrong. People losing their flats, losing their kids, six months "
                        "on a section. So I'm, I'd say I'm more cautious about this than I am "
                        "about money or housing. I'll push for somebody to have their bank card "
                        "back. I'm slower to push for somebody to stop a depot. I think that's "
                        "honest."
                    ),
                ),
                ("Interviewer", "Has it come up with Alan?"),
                (
                    "P",
                    (
                        "Not really, no. He's been on his depot longer than I've known him. We've "
                        "had the dose down twice in my time, he's on less now than he's ever been, "
                        "I think. He's pretty settled on it. He grumbles, everyone grumbles, it's "
                        "not a nice thing to have done to you. But he's never really pushed to "
                        "come off. I think he knows it's what keeps him out of hospital. [pause] I "
                        "mean, he might tell you different. You'd have to ask him. [laughs] I "
                        "suppose you will."
                    ),
                ),
                ("Interviewer", "What would you do if he did ask?"),
                (
                    "P",
                    (
                        "I'd listen, and I'd take it to the doctor. I'd want to know, why now? Um. "
                        "I'd be frightened for him, if I'm honest, because of his history, and "
                        "because he's sixty, and a bad relapse at sixty, you don't always bounce "
                        "back from. But it's his body. I've had that argument with myself for "
                        "thirty years. It's his body and he gets to decide, and at the same time, "
                        "if it goes wrong I'm the one sitting in his flat when he's not making "
                        "sense, or in the review afterwards being asked why the plan didn't pick "
                        "it up. Both of those are true at once."
                    ),
                ),
            ],
            "work": [
                (
                    "Interviewer",
                    (
                        "This story is about Sam, who's twenty-nine and used to work as a chef. "
                        "He's been out of work for three years, and a college has offered him a "
                        "part-time catering course with a placement in a restaurant kitchen, "
                        "evenings and weekends. His care coordinator, Ruth, remembers that his "
                        "first episode came with long hours, not much sleep and drinking. What do "
                        "you think will happen next?"
                    ),
                ),
                (
                    "P",
                    (
                        "He'll do it. He's bought the knives! [laughs] You don't buy the knives "
                        "and then not go. I think he'll do it, and whether it works depends a lot "
                        "on the kitchen he ends up in. Some kitchens are brutal, they really are. "
                        "Some are all right."
                    ),
                ),
                ("Interviewer", "What should Ruth do?"),
                (
                    "P",
                    (
                        "Um, help him do it well, rather than help him not do it. So sit down and "
                        "talk about the sleep and the drink, not as a lecture, more like, you've "
                        "been a chef, you know what it's like after a shift, what's your plan for "
                        "that? He says he knows the risks better than anyone, and he probably "
                        "does. So ask him. What would he notice first? What would his mates "
                        "notice? And then the benefits, get a welfare rights worker involved, "
                        "because that's what scares people off more than anything. People think if "
                        "they do eight hours a week they'll lose the lot. So get proper advice, in "
                        "writing."
                    ),
                ),
                ("Interviewer", "And telling the college about his mental health?"),
                (
                    "P",
                    (
                        "That's his choice. I'd talk it through with him, the pros and cons. If he "
                        "tells them, he might get some give on the shifts. If he doesn't, well, he "
                        "doesn't have to. And I'd say to Ruth, don't ring them yourself, not even "
                        "to be helpful. I've seen that done. Somebody phones an employer to smooth "
                        "the way, and the person never trusts them again."
                    ),
                ),
                ("Interviewer", "Has anything like this come up in your work?"),
                (
                    "P",
                    (
                        "Not with Alan so much. He worked at a printworks when he was young, "
                        "before he got ill, and he talks about it sometimes, the smell of the ink "
                        "and all that. He was twenty-three or twenty-four when he first went into "
                        "hospital and he never went back to work after. And I do think, "
                        "thirty-five years ago nobody would've been thinking about getting him "
                        "back to work. That's not what we did. You got people stable and that was "
                        "the job done. I'd like to think we'd do it differently now with a "
                        "twenty-three-year-old. Mostly I think we would. He does a bit at the "
                        "community garden now, he likes that. But it's not the same as a job, is "
                        "it. [pause] He lost a lot, and some of what he lost was down to us, not "
                        "the illness."
                    ),
                ),
                ("Interviewer", "Can you say more about that?"),
                (
                    "P",
                    (
                        "Just that low expectations are a kind of harm as well. If everybody round "
                        "you for thirty years expects you to do nothing, you learn it, don't you. "
                        "I'm not blaming anyone in particular. I was part of it in my early days. "
                        "It's one of the things that makes me push a bit harder now with the "
                        "younger ones on my caseload."
                    ),
                ),
            ],
            "abroad": [
                (
                    "Interviewer",
                    (
                        "This story is about Amira, who's fifty-two. Her mother lives abroad and "
                        "has become seriously ill, and Amira wants to go on her own for three "
                        "weeks. Her mood's been low over the winter, and the last time she was "
                        "under a lot of strain she stopped sleeping and became very unwell in a "
                        "few days. She says she's going whatever the team thinks. What do you "
                        "think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "She's going. [laughs] She's told them she's going. So the question isn't "
                        "whether, it's how well prepared she is when she goes."
                    ),
                ),
                ("Interviewer", "What should Jonah do?"),
                (
                    "P",
                    (
                        "Make the most of the time before she goes. The sleep is the key thing, "
                        "isn't it, because that's her early sign, she's told them that, or the "
                        "history has. So a plan for sleep. Something to help her sleep if she "
                        "needs it, agreed with the doctor beforehand, so she's not trying to get "
                        "hold of something in a country where she doesn't know the system. Enough "
                        "medication, and a letter from the doctor for customs, because people do "
                        "get stopped with a bag full of tablets. A copy of her crisis plan on her "
                        "phone. An agreement about contact, a text once a week or a call, whatever "
                        "she wants, and what she'd like to happen if the text doesn't come. And "
                        "her relatives not knowing, that's her right. You might ask, is there one "
                        "person out there you'd trust if you got unwell? Not to tell them now, "
                        "just to have a name. But if she says no, it's no."
                    ),
                ),
                ("Interviewer", "Would your team support that, do you think?"),
                (
                    "P",
                    (
                        "I think they would, actually. It's her mother, possibly dying. Hard to "
                        "argue with that. Where teams go wrong is they spend all the time arguing "
                        "about whether she should go, and there's no time left to actually "
                        "prepare. By the time everyone's agreed, she's already on the plane with "
                        "two weeks' tablets and no plan."
                    ),
                ),
                ("Interviewer", "Has anything like this happened with someone you've supported?"),
                (
                    "P",
                    (
                        "Not abroad, not with Alan. I don't think he's ever been abroad. But his "
                        "sister moved to the coast a few years back, a good few hours away, and he "
                        "wanted to go and stay with her for Christmas. A week. And there was some "
                        "worry, because his depot was due the day after Boxing Day, and because "
                        "he'd not been away overnight since he'd been ill, ever, apart from "
                        "hospital. So we moved the injection forward a few days, I gave him the "
                        "number for the out-of-hours team, and his sister knew what to look out "
                        "for. And he went. He came back with a tan, in December! [laughs] He'd "
                        "been sat on her balcony all week. He's been every Christmas since."
                    ),
                ),
                ("Interviewer", "What made that feel possible?"),
                (
                    "P",
                    (
                        "Knowing him. If I'd been a new worker reading his file, I'd have had "
                        "kittens. Thirty-five years of history, the admissions, that old violence "
                        "marker. But I knew him, I knew what it looks like when he's getting "
                        "unwell, and his sister knew too. So it didn't feel like a big risk. It "
                        "felt like Christmas. That's the thing about risk, it's a lot smaller when "
                        "you know someone. It's the not knowing that makes people defensive."
                    ),
                ),
            ],
        },
        "closing": [
            (
                "Interviewer",
                (
                    "We're nearly at the end. Is there anything else you'd like to say about how "
                    "risk is handled in your work?"
                ),
            ),
            (
                "P",
                (
                    "Um. [pause] Just that the people doing it aren't the enemy. I know that's not "
                    "quite the question. But in these recovery conversations the workers sometimes "
                    "come across as the ones holding people back, and some of us do, I'm not "
                    "pretending otherwise. But most of the defensiveness doesn't start with the "
                    "worker, it starts with what happens to the worker when something goes wrong. "
                    "I've been through one serious incident review. Early in my career. Someone I "
                    "was working with took their own life, and the review was fair, I'll say that, "
                    "but it was eighteen months of going over every decision I'd made, and you "
                    "don't forget that. Every so often I catch myself deciding something because "
                    "of that review and not because of the person in front of me. So if you want "
                    "workers to take positive risks, you have to back them when it doesn't work "
                    "out, not just when it does. And give us time to know people. Half of what "
                    "I've done with Alan I could only do because I've known him eleven years. You "
                    "can't take a positive risk with someone you met last Tuesday."
                ),
            ),
            ("Interviewer", "Thank you, that's really helpful. I'll stop the recording there."),
            ("P", "No problem. Good luck with it. I hope somebody reads it."),
        ],
    },
    "SU7": {
        "opening": [
            (
                "Interviewer",
                (
                    "Thanks for seeing me here. Are you comfortable? Would you like some water "
                    "before we start?"
                ),
            ),
            ("P", "I'm all right, thanks. I've got my tea."),
            (
                "Interviewer",
                (
                    "Lovely. I'm going to switch the recorder on now. Is that still all right with "
                    "you? We talked about it when you gave your consent."
                ),
            ),
            ("P", "Yes. Go on. As long as it's not going to the doctors."),
            (
                "Interviewer",
                (
                    "No, it doesn't go to your team or the doctors. It gets typed up and your "
                    "name's taken out. And you can stop whenever you like."
                ),
            ),
            ("P", "Right. That's all right then."),
            (
                "Interviewer",
                (
                    "To start with, could you tell me a bit about yourself and the support you get "
                    "at the moment?"
                ),
            ),
            (
                "P",
                (
                    "Well. I'm sixty. I've been under the mental health since I was, what, "
                    "twenty-four, twenty-five. So that's a long time. Thirty-five years. Longer "
                    "than some of them have been alive, the young ones. I live on my own, I've got "
                    "a flat. I see Peter, he's my nurse, every two weeks when I have my injection, "
                    "and sometimes in between if there's something. I go to the garden on a "
                    "Wednesday and a Friday. And I've got my sister, Maureen. She's moved away now "
                    "but we talk on the phone every Sunday."
                ),
            ),
            ("Interviewer", "What's the support like?"),
            (
                "P",
                (
                    "It's better than it was. I'll say that. When I first got ill they had me in "
                    "Hollinsby, the old hospital, before they knocked it down. Big long corridors. "
                    "You didn't have a say about anything then. What time you got up, what you had "
                    "for your dinner. Then I was in a hostel, and then the group home, and that "
                    "was all right, but it was still other people's rules. Now I've got my flat, "
                    "and Peter's been with me a long time. Eleven years. He knows me. That's the "
                    "main thing, that he knows me. I've had doctors come and go, I couldn't tell "
                    "you all their names, but Peter's stayed."
                ),
            ),
        ],
        "vignettes": {
            "money": [
                (
                    "Interviewer",
                    (
                        "I've got a story here about a woman called Dana. She got into debt a few "
                        "years ago when she was unwell, and since then her brother's handled her "
                        "money and given her an allowance. She's been well for two years and she "
                        "wants to manage it herself again. Her brother's worried, and the team "
                        "still has money down as a risk. What do you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "[pause] They'll make her wait. That's what they do. They'll say, let's "
                        "see how you go. And she'll have to keep asking him for money for a coat. "
                        "A coat! [pause] Sorry. That one's me, that is."
                    ),
                ),
                ("Interviewer", "Don't apologise. Would you like to say more about that?"),
                (
                    "P",
                    (
                        "My sister had my money. For years. Fifteen years, something like that. "
                        "After I got in a mess with the catalogues. I was buying all sorts when I "
                        "was poorly, I thought I had to get things for people. Presents. And I "
                        "owed a lot. So Maureen took it on, and she was good about it, I'm not "
                        "saying she wasn't. She paid everything. But I had to ring her every time "
                        "I wanted anything that wasn't food. Fifty-odd, I was, ringing my little "
                        "sister for money for shoes."
                    ),
                ),
                ("Interviewer", "How did that change?"),
                (
                    "P",
                    (
                        "Peter. Well, I asked him. I said, I want my own money. And he didn't say "
                        "no. That was the thing. Everybody else had always said no, or not now. He "
                        "said, all right, let's work out how. It took ages. We went to the bank "
                        "together, I had to get the ID and all that. And he went through my "
                        "statements with me every month. I hated that. [laughs] Like having your "
                        "homework marked. But I understood why."
                    ),
                ),
                ("Interviewer", "Were there any difficult moments?"),
                (
                    "P",
                    (
                        "The telly. [laughs] Has he told you about the telly? I bought a big "
                        "telly, on the never-never, and Maureen went up the wall. She rang Peter. "
                        "And I thought, that's it, they'll take it all off me now. But he came "
                        "round and he said, right, what are you going to do about it? And I sorted "
                        "it. I rang them up and now I pay so much a month. It's nearly paid off. "
                        "Nobody took anything off me. I think, if it had been a different nurse, "
                        "they'd have took the money back off me. I was lucky with Peter."
                    ),
                ),
                ("Interviewer", "So what should Dana's worker, Priya, do?"),
                (
                    "P",
                    (
                        "Give her a go. Do it slow, like we did, but give her a go. And don't keep "
                        "going on about what she did four years ago. You're not the same person "
                        "four years on. And the brother, he's frightened, I understand that, "
                        "Maureen was frightened. But he can't be in charge of her for ever. That's "
                        "not fair on him either, really. Maureen said to me after, it was a relief "
                        "to her. She didn't want to be my bank manager. She wanted to be my "
                        "sister."
                    ),
                ),
            ],
            "flat": [
                (
                    "Interviewer",
                    (
                        "This one is about Tom. He's thirty-eight and he's been in supported "
                        "housing for two years, with staff there day and night who remind him "
                        "about his tablets. He's been offered a flat of his own on the other side "
                        "of town. He wants his own front door and somewhere his teenage daughter "
                        "can stay. But his worker is uneasy, because the last time he lived alone "
                        "he stopped eating and ended up back in hospital. What do you think will "
                        "happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "He should take it. He'll take it, won't he. Your own front door. There's "
                        "nothing like it. You shut the door and nobody comes in unless you let "
                        "them."
                    ),
                ),
                ("Interviewer", "Is that what it was like for you?"),
                (
                    "P",
                    (
                        "Yes. I'd lived with other people since I was twenty-four. The hospital, "
                        "the hostel, the group home. Always somebody knocking. Tablets time. "
                        "Meeting time. When I got my flat, I sat there the first night and I "
                        "didn't put the telly on, I just sat. It was that quiet. I liked it. Then "
                        "after a bit I didn't like it. [pause] It was too quiet, after a few "
                        "weeks. Nobody to say good morning to."
                    ),
                ),
                ("Interviewer", "How did you manage that?"),
                (
                    "P",
                    (
                        "Peter came round a lot at the start. Every week. And he got me on a "
                        "cooking thing, because I was living on toast. And I started going to the "
                        "garden. That's where I see people now. I've got a mate there, we do the "
                        "runner beans together. So it was all right in the end. But nobody told me "
                        "I'd be lonely. They told me all about the tablets and what to do if I "
                        "felt poorly, and nobody said, you might miss people. I wish somebody had."
                    ),
                ),
                ("Interviewer", "What should Gareth, Tom's worker, do?"),
                (
                    "P",
                    (
                        "Help him with the bus, for one thing. A long bus ride to the gardening, "
                        "that's a worry, because if it's a faff he'll stop going. Go on the bus "
                        "with him a few times till he's used to it. And the tablets, get him one "
                        "of them boxes with the days on. I've got one. And his daughter, that's "
                        "the main thing. That's why he wants it. If she's coming at weekends, "
                        "that's something to get up for, isn't it. That's better than any staff "
                        "reminding him."
                    ),
                ),
                ("Interviewer", "Do you think the team would let him go?"),
                (
                    "P",
                    (
                        "They can't stop him, can they? It's his flat. But they can make it hard. "
                        "When I was first going to move out, they stopped it, because I went into "
                        "Ashbury Ward for a bit, and then it was years before anybody mentioned it "
                        "again. Years. It's like you have to start at the bottom every time you go "
                        "in. Snakes and ladders. [laughs] I'd say to Tom, take it quick, before "
                        "they find a reason."
                    ),
                ),
            ],
            "depot": [
                (
                    "Interviewer",
                    (
                        "This story is about Grace. She's thirty-four and she's had an injection "
                        "every two weeks for six years. She's been well, she volunteers in a "
                        "charity shop and she's started drawing again. But she says the injection "
                        "makes her feel slow and heavy, she's put on weight, and her hands shake "
                        "so much that drawing's getting hard. She wants to stop. She's been in "
                        "hospital twice before after stopping, and the consultant wants her to "
                        "wait another year. What do you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "[pause] They'll say no. Well, not no. They'll say wait. Another year. And "
                        "then another year."
                    ),
                ),
                ("Interviewer", "What makes you think that?"),
                (
                    "P",
                    (
                        "Because that's what they said to me. I've had the injection since I was, "
                        "I think, twenty-six. Thirty-four years. More than half my life, every two "
                        "weeks, in the backside. [laughs] Sorry. That's how it is. And I've asked. "
                        "Not lately. A few times over the years. Can I come down off it, can I try "
                        "the tablets. And it's always, let's not rock the boat, you're doing so "
                        "well. And you think, well, if I'm doing so well, why can't I try?"
                    ),
                ),
                ("Interviewer", "Have you talked about that with Peter?"),
                (
                    "P",
                    (
                        "Peter got the dose down. Twice, I think. That was good, I felt less, less "
                        "like I was walking through mud. He went to the doctor for me. But coming "
                        "off, that's not on the table. I know that. I don't ask any more. I don't "
                        "think Peter knows I still think about it. He'd probably tell you I'm "
                        "happy on it. I'm not happy on it. I'm used to it. That's different."
                    ),
                ),
                ("Interviewer", "What stops you raising it now?"),
                (
                    "P",
                    (
                        "Because of what happens when you do. You say, I'd like to stop, and it "
                        "goes in your notes. Wants to stop his medication. Then everybody's "
                        "watching you. Every little thing. Did he sleep, is he a bit quiet today. "
                        "And if you have a bad week, they'll say, see, it's starting. I've been on "
                        "Ashbury Ward three times and I'm not going again. So I keep my head down "
                        "and I have the jab. And I don't want to upset Peter. He's been good to "
                        "me."
                    ),
                ),
                ("Interviewer", "So what should Michael do for Grace?"),
                (
                    "P",
                    (
                        "Listen to her. The shaking, that's awful, I had the shaking for years. "
                        "Try and get her on a lower one, or the tablets, and let her see. And "
                        "don't just write down that she wants to stop. Write down why. She wants "
                        "to draw. That's the reason. If she can't draw, what are they keeping her "
                        "well for? That's what I'd say. What are you keeping her well for, if she "
                        "can't do the thing she likes?"
                    ),
                ),
            ],
            "work": [
                (
                    "Interviewer",
                    (
                        "This one is about Sam, who's twenty-nine. He used to be a chef, and he "
                        "hasn't worked for three years. He's been offered a place on a catering "
                        "course with a placement in a restaurant kitchen, evenings and weekends. "
                        "His worker remembers that when he first got ill, it was during a time of "
                        "long hours and drinking. What do you think will happen?"
                    ),
                ),
                ("P", "He'll have a go. He's young. You should have a go when you're young."),
                ("Interviewer", "What should Ruth, his worker, do?"),
                (
                    "P",
                    (
                        "Let him. Help him with the money side, the benefits, because they "
                        "frighten you to death with the benefits. You do one day's work and you "
                        "think they're going to stop everything. And tell him to watch the "
                        "drinking. Chefs drink, don't they. Everybody knows that. He knows it. So "
                        "he wants a plan, like, I'll have one with the lads and then get off home. "
                        "Something like that."
                    ),
                ),
                ("Interviewer", "And should he tell the college about his mental health?"),
                (
                    "P",
                    (
                        "That's up to him. I wouldn't. Not straight off. They look at you "
                        "different once they know. Let them see you can cook first, then tell them "
                        "if you want."
                    ),
                ),
                ("Interviewer", "Has anything like this happened to you?"),
                (
                    "P",
                    (
                        "I was at the printers. Before. I was an apprentice, I'd been there since "
                        "I was sixteen. I loved it. The noise of it. The smell of the ink, you'd "
                        "come home and you'd smell of it all night. And then I got ill, and I was "
                        "in Hollinsby for a long time, nearly a year, and when I came out nobody "
                        "said anything about going back. It wasn't a thing. You were a patient "
                        "then. That's all you were. I think my job had gone anyway. Nobody asked "
                        "me."
                    ),
                ),
                ("Interviewer", "How do you feel about that now?"),
                (
                    "P",
                    (
                        "[pause] I think about it. I'd have been retiring about now. I'd have had "
                        "a pension. I don't blame anybody. It's how it was then. But if they'd "
                        "said to me at twenty-five, do you want to go back, I'd have said yes. I "
                        "think I would. Maybe I'd have got ill again, maybe I wouldn't. We'll "
                        "never know now. So I'd say to Sam's worker, don't make him wait till he's "
                        "sixty to wonder. The garden's my job now, sort of. I don't get paid. But "
                        "I turn up and they need me there. The beans don't do themselves."
                    ),
                ),
            ],
            "abroad": [
                (
                    "Interviewer",
                    (
                        "This story is about Amira, who's fifty-two. Her mother lives in another "
                        "country and has become very ill, and Amira wants to travel on her own to "
                        "be with her for three weeks. She hasn't been back for ten years. Her "
                        "mood's been low this winter, and her worker knows that the last time she "
                        "was under a lot of strain she stopped sleeping and got unwell quickly. "
                        "She says she's going whatever the team thinks. What do you think will "
                        "happen?"
                    ),
                ),
                ("P", "She'll go. Good for her. It's her mum."),
                ("Interviewer", "What should her worker, Jonah, do?"),
                (
                    "P",
                    (
                        "Make sure she's got her tablets. Enough tablets. And the sleep, maybe "
                        "give her something to help her sleep, just in case. And a phone number, "
                        "somebody she can ring if it's going wrong. But you can't stop somebody "
                        "going to see their mum. She'd never forgive them. I know that."
                    ),
                ),
                ("Interviewer", "Has anything like that happened to you?"),
                (
                    "P",
                    (
                        "Not abroad. I've never been abroad. Never had a passport. [laughs] But "
                        "Maureen, my sister, she moved down to the coast a few years ago with her "
                        "husband. And I wanted to go for Christmas. I'd never been away, not on my "
                        "own, not for one night, not since I got ill. Only the hospital. And my "
                        "injection was due, and I thought they'd say no. But Peter said, we'll "
                        "just do it early. He did it on the Monday before. He gave me a card with "
                        "the numbers on. Maureen met me off the train. I had a week. I sat on her "
                        "balcony in my coat and I could see the sea. In December. I've been every "
                        "year since."
                    ),
                ),
                ("Interviewer", "What do you think made that possible?"),
                (
                    "P",
                    (
                        "Peter, and Maureen. They both knew me. Maureen knows when I'm getting "
                        "poorly before I do. She says I start on about the adverts talking to me, "
                        "and I go quiet on the phone. So she'd have known. I wasn't frightened, "
                        "because I knew if I went funny she'd ring somebody. That's what Amira "
                        "hasn't got, is it. Her family don't know. So she's on her own if it goes "
                        "wrong. I feel for her. But I'd still say go. You only get one mum. Mine's "
                        "gone now. I was in hospital when she died. [pause] I didn't get to see "
                        "her at the end. They didn't think I was well enough to go. So, yes. Go."
                    ),
                ),
            ],
        },
        "closing": [
            (
                "Interviewer",
                (
                    "We're coming to the end now. Is there anything else you'd like to say about "
                    "how risk is handled in your care?"
                ),
            ),
            (
                "P",
                (
                    "[pause] Just, they should ask you more. What you want. Not in a meeting with "
                    "eight people round a table, you can't say anything in them. Just ask you, on "
                    "your own, over a cup of tea. Peter does that, mostly. He's one of the good "
                    "ones. But he's got his boss and he's got the doctors, and I know there's "
                    "things he can't change. I know he'd go to bat for me. But the injection, I've "
                    "never said to him. Maybe I will. [laughs] Maybe you've got me thinking I "
                    "will."
                ),
            ),
            (
                "Interviewer",
                ("That's entirely up to you. Nothing you've said here goes back to him."),
            ),
            (
                "P",
                (
                    "No, I know. I know. It's up to me. That's what I'm saying, isn't it. It's my "
                    "business. [pause] Thank you. That was all right, that. Nobody's asked me "
                    "about any of this for a long time."
                ),
            ),
            ("Interviewer", "Thank you so much for talking to me. I'll turn the recorder off now."),
        ],
    },
    "MHW8": {
        "opening": [
            (
                "Interviewer",
                (
                    "Thanks for meeting me. Can I check you're happy for me to start the recording "
                    "now?"
                ),
            ),
            ("P", "Yes, absolutely. Go ahead."),
            (
                "Interviewer",
                (
                    "And you've had the information sheet, you know you can pause or stop at any "
                    "point, and nothing you say goes back to your team or to the person you "
                    "nominated?"
                ),
            ),
            (
                "P",
                (
                    "Yes. I've read it, um, twice actually, because I'm always curious how other "
                    "people word these things. [laughs] Occupational hazard."
                ),
            ),
            ("Interviewer", "Could you start by telling me a bit about your role?"),
            (
                "P",
                (
                    "Sure. So I'm a clinical psychologist in a community mental health team. I "
                    "qualified three years ago, and before that I was an assistant psychologist "
                    "and then in training, so about six years in services altogether. Most of my "
                    "work is individual therapy, some groups, and quite a lot of what we call "
                    "consultation, so helping colleagues think about people where the work feels, "
                    "um, stuck. And in our team psychologists also care coordinate a small number "
                    "of people, which isn't the case everywhere. I've got five."
                ),
            ),
            (
                "Interviewer",
                ("And the person you nominated, how long have you been working with them?"),
            ),
            (
                "P",
                (
                    "Robin. About eighteen months. They were referred for therapy for depression, "
                    "and then their care coordinator left and there was a gap, and it made sense "
                    "for me to pick that up as well. So I'm their therapist and their care "
                    "coordinator, which, um, I suspect that'll come up. It's a dual role that "
                    "mostly works and occasionally really doesn't."
                ),
            ),
            ("Interviewer", "What do you mean when you say it occasionally doesn't?"),
            (
                "P",
                (
                    "Well, in therapy you're trying to make a space where someone can say the "
                    "unsayable, you know, I've been thinking about not being here, without it "
                    "instantly turning into a procedure. And as a care coordinator I'm the person "
                    "who has to act on that if it crosses a line. Most of the time those two sit "
                    "together fine. But there was a moment with Robin where they didn't, and I'm "
                    "still, um, still turning it over."
                ),
            ),
        ],
        "vignettes": {
            "money": [
                (
                    "Interviewer",
                    (
                        "This story is about Dana, who's forty-six. A few years ago, when she was "
                        "unwell, she ran up debts, and since then her brother has been her "
                        "appointee and given her a weekly allowance. She's been well for two years "
                        "and wants to manage her own money again. Her brother is worried, and her "
                        "last relapse started with overspending. What do you think will happen "
                        "next?"
                    ),
                ),
                (
                    "P",
                    (
                        "Um. Realistically, I think the team will agree in principle and then "
                        "attach a lot of conditions. Which isn't necessarily wrong. But I'd worry "
                        "that the conditions become a way of not deciding. And there's a family "
                        "dynamic here the team might miss, because they'll frame it as Dana versus "
                        "the risk, when really there's a relationship between Dana and her brother "
                        "that's been shaped by four years of this arrangement."
                    ),
                ),
                ("Interviewer", "Can you say more about that?"),
                (
                    "P",
                    (
                        "So the brother has taken on a sort of parental role, out of love, and "
                        "probably at some cost to himself. And Dana experiences it as being "
                        "treated like a child. Those two positions lock each other in, don't they. "
                        "The more he worries, the more infantilised she feels, and the more she "
                        "pushes back in ways that might look, to him, like the old pattern. So "
                        "part of the work is helping them have a different conversation with each "
                        "other, not just a financial handover."
                    ),
                ),
                ("Interviewer", "What should Priya do?"),
                (
                    "P",
                    (
                        "I think start from Dana's capacity, because she presumably has it, and "
                        "the principle is pretty clear that you don't take decisions away from "
                        "people because they might make unwise ones. Then I'd want to do some "
                        "joint thinking with her, a bit like a relapse prevention plan but about "
                        "money. What did the weeks before it go wrong feel like, four years ago? "
                        "Was it connected to mood, to loneliness, to wanting to feel generous? "
                        "People often overspend for reasons that make a lot of sense from the "
                        "inside. And then make the handover something Dana is in charge of, with "
                        "the brother as someone she can choose to lean on, rather than someone "
                        "who's been handed the keys."
                    ),
                ),
                ("Interviewer", "Has anything like this come up in your own work?"),
                (
                    "P",
                    (
                        "Not money as such. But with Robin there's something similar with their "
                        "mum. Robin lives at home, and their mum, Lorraine, is very involved, and "
                        "I think there's a version of what Dana's brother is doing there, a loving "
                        "over-protectiveness. When Robin's low they stop opening their post, and "
                        "at one point there was a pile of letters about an overdraft, and Lorraine "
                        "offered to take over their banking. Robin said no, quite fiercely. And I "
                        "remember feeling a pull to side with the mum, because it would have been, "
                        "you know, tidier. Less risky. But it would have taken something away from "
                        "Robin at a point when not much in their life felt like theirs. So instead "
                        "we did a sort of, um, letters session. They brought the post in and we "
                        "opened it together in my room. It was incredibly mundane and actually "
                        "quite important."
                    ),
                ),
            ],
            "flat": [
                (
                    "Interviewer",
                    (
                        "Here's a story about Tom, who's thirty-eight and has been in supported "
                        "housing for two years since leaving hospital. He's been offered his own "
                        "flat across town and has a week to decide. He wants his own front door "
                        "and a place his teenage daughter can stay. His care coordinator, Gareth, "
                        "is uneasy, because last time Tom lived alone he stopped eating and lost "
                        "touch with the team, and Gareth can only visit once a fortnight. What do "
                        "you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "I think Tom takes it, and Gareth spends the week feeling quite anxious. "
                        "[laughs] And I'd hope he takes that anxiety to supervision rather than to "
                        "Tom."
                    ),
                ),
                ("Interviewer", "What do you mean by that?"),
                (
                    "P",
                    (
                        "Um, so there's a thing that happens where the worker's anxiety gets "
                        "passed to the client, often without anyone noticing. Gareth says, I'm "
                        "just a bit worried about the bus, and the eating, and the reminders, and "
                        "each of those is reasonable, but what Tom hears is, you don't think I can "
                        "do this. And that can become a bit self-fulfilling. So I'd want Gareth to "
                        "separate out which worries are about Tom and which are about him: his "
                        "caseload, what happens to him if this goes wrong."
                    ),
                ),
                ("Interviewer", "And what should Gareth do practically?"),
                (
                    "P",
                    (
                        "Be really honest with Tom about the once a fortnight, because that's a "
                        "genuine constraint and Tom deserves to know it rather than discover it. "
                        "Then plan around it together. Who else is in Tom's life? The daughter "
                        "matters enormously here, not as a monitor, God, not that, but as a "
                        "reason. Having somewhere for your teenager to stay is huge for someone's "
                        "sense of themselves as a parent. I'd almost put that at the centre of the "
                        "plan: what does Tom need in place so the weekends with his daughter go "
                        "well? That moves it from risk to, um, to a goal."
                    ),
                ),
                ("Interviewer", "Has anything like this come up with someone you work with?"),
                (
                    "P",
                    (
                        "Robin wants to move out. Into a flat share with a friend. And I'll be "
                        "honest, my first reaction was worry. After Robin's overdose, a couple of "
                        "years ago now, they spent a fortnight at the Larches, the crisis house, "
                        "and then went back to their mum's, and I think everyone's mental picture "
                        "of Robin being safe since then has been their mum's house. She's the "
                        "person who'd notice first. That's the fear in a team, really, that living "
                        "with someone is protective. And Robin said to me, quite pointedly, living "
                        "with my mum is part of why I'm depressed. Which I had sort of known and "
                        "not fully taken in. So I had to check myself. We're working on it now. "
                        "They've looked at a couple of places, and I think it'll happen this year, "
                        "and I think it's probably right."
                    ),
                ),
            ],
            "depot": [
                (
                    "Interviewer",
                    (
                        "This story is about Grace, who's thirty-four and has had an antipsychotic "
                        "injection every two weeks for six years. She's been well, she's "
                        "volunteering and drawing again, but she says the injection makes her slow "
                        "and heavy, she's gained weight and her hands shake. She wants to stop. "
                        "She was admitted twice after stopping in the past, and the consultant "
                        "wants her to wait another year. What do you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "Hmm. I think there's a real chance Grace stops on her own, quietly. "
                        "Because a year, when you've already waited six, and when the thing you've "
                        "found that makes life feel worth living is being taken away by the "
                        "medication, that's a long time. And if she stops without anyone knowing, "
                        "she loses the chance of a planned, supported reduction, which is the "
                        "safest way to do it if she's going to do it."
                    ),
                ),
                ("Interviewer", "What should Michael do?"),
                (
                    "P",
                    (
                        "Um. I think, honour the drawing. [laughs] That sounds a bit flowery. What "
                        "I mean is, the drawing really matters, it's a reconnection with who she "
                        "was before she became ill, and that's right at the heart of recovery. So "
                        "the side effects aren't a minor inconvenience, they're taking away "
                        "something that's keeping her well. Michael should put it to the "
                        "consultant in those terms. And then I'd push for a proper shared "
                        "decision, with the options laid out, including the risks of staying on "
                        "it, which never get the same attention. Weight gain isn't trivial, "
                        "physically. And given the last admission was against her wishes, I'd want "
                        "to talk with her about an advance statement, what she'd want to happen if "
                        "things did go wrong. So she keeps some say even then."
                    ),
                ),
                ("Interviewer", "Is medication something you get involved with in your role?"),
                (
                    "P",
                    (
                        "Not directly, I don't prescribe. And I'm aware psychology can be a bit, "
                        "um, precious about staying out of medication decisions, as if it's not "
                        "our business. But I think I have a role in making the person's reasons "
                        "audible in the room. With Robin, actually, they came off their "
                        "antidepressant last year. They'd been on it about three years and they "
                        "described feeling flat, like watching their life through glass. And "
                        "they'd been told to wait until they were more settled. And their "
                        "argument, which I thought was a really good one, was that they couldn't "
                        "tell whether they were settled or just numb. So I wrote to the "
                        "psychiatrist setting that out, and we agreed a slow taper, and I saw them "
                        "weekly through it. It was a bit rocky for a few weeks. And then, "
                        "honestly, they came alive in therapy in a way they hadn't before. They "
                        "cried in a session for the first time. Which sounds like a bad outcome "
                        "and was actually a really good one."
                    ),
                ),
                ("Interviewer", "Why do you think the letter made the difference?"),
                (
                    "P",
                    (
                        "[pause] I'd like to say it was the quality of the argument. [laughs] But "
                        "it was Robin's argument. I think a letter from a psychologist carries a "
                        "weight in that system that a twenty-something service user saying the "
                        "same thing in a ten-minute review doesn't. Which is uncomfortable. I'm "
                        "glad it worked, and I'm not entirely comfortable about why it worked."
                    ),
                ),
            ],
            "work": [
                (
                    "Interviewer",
                    (
                        "This one is about Sam, who's twenty-nine and used to be a chef. He hasn't "
                        "worked for three years and he's been offered a part-time catering course "
                        "with a placement in a restaurant kitchen, evenings and weekends. His care "
                        "coordinator, Ruth, remembers that his first episode came during a time of "
                        "long hours, little sleep and drinking after work. What do you think will "
                        "happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "I think he'll start it. He's bought the knives, that's a commitment. "
                        "[laughs] It'll be hard at first and then, if the kitchen's a decent one, "
                        "it could be really good for him."
                    ),
                ),
                ("Interviewer", "What should Ruth do?"),
                (
                    "P",
                    (
                        "I'd want her to take seriously what he says about sitting at home not "
                        "keeping him well either. Because we tend to treat inactivity as the "
                        "neutral option, the safe baseline, and it isn't. Three years of quiet "
                        "days carries its own risks: low mood, isolation, losing a sense of who "
                        "you are. So it's not a risky placement versus a safe nothing. It's two "
                        "sets of risks. And then, um, I'd work with Sam on what he knows about "
                        "himself. He's the expert on how that first episode unfolded. What were "
                        "the early signs, and what would he want someone to say to him? And with "
                        "the drinking, I'd want to be curious rather than prohibitive. What does "
                        "the drink after a shift do for him? Is it winding down, is it belonging? "
                        "Because if it's belonging, he needs another way of getting that."
                    ),
                ),
                ("Interviewer", "And the question of telling the college?"),
                (
                    "P",
                    (
                        "His call, entirely. I'd help him think it through. There's a lot of "
                        "disclosure anxiety for people, and it isn't irrational, stigma is real. "
                        "Robin has had to think about this a lot. They work a couple of shifts a "
                        "week in a shop, and they've had to decide what to tell people about their "
                        "mental health and also about being non-binary, and they described it as, "
                        "how many things about me can one employer cope with. [pause] Which made "
                        "me quite sad, actually. But they've been really thoughtful about it, and "
                        "I think it's gone well."
                    ),
                ),
                (
                    "Interviewer",
                    ("Has anything like Sam's situation come up with someone you work with?"),
                ),
                (
                    "P",
                    (
                        "Um, Robin left university in their second year, when they first became "
                        "unwell, and there's a lot of unfinished business around that. They've "
                        "talked about going back, and the team's response, I noticed, in a review, "
                        "was quite cautious. Someone said, well, exam pressure was a trigger last "
                        "time. Which is true! But it's also true that not finishing has become "
                        "part of a story Robin tells about themselves, that they're someone who "
                        "gives up. So there's risk on both sides, again. I think that's what I'd "
                        "want to say about all of these stories: the risk of doing nothing never "
                        "gets written down."
                    ),
                ),
            ],
            "abroad": [
                (
                    "Interviewer",
                    (
                        "This story is about Amira, who's fifty-two. Her mother lives abroad and "
                        "is seriously ill, and Amira wants to go on her own for three weeks. Her "
                        "mood has been low, and the last time she was under great strain she "
                        "stopped sleeping and became very unwell within days. Her relatives don't "
                        "know about her mental illness. She says she's going whatever the team "
                        "thinks. What do you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "She'll go. And the team has a choice about whether she goes with their "
                        "support or in spite of them."
                    ),
                ),
                ("Interviewer", "What should Jonah do?"),
                (
                    "P",
                    (
                        "Um, accept that she's going and move quickly to, how do we make this as "
                        "safe as it can be. The practical things: medication, a letter for "
                        "customs, thinking about time zones and when she takes her tablets. Sleep, "
                        "obviously, since that's her early warning sign, so a plan for what she "
                        "does if she has two bad nights in a row. But also the emotional side. "
                        "She's going to be with a mother who's seriously ill, possibly dying. "
                        "That's grief, or anticipatory grief, and it's stressful even if "
                        "everything else goes well. So I'd want to talk to her about who she'll "
                        "talk to out there. Could she have a phone or video session with Jonah "
                        "while she's away? That's not difficult to arrange any more."
                    ),
                ),
                ("Interviewer", "And her relatives not knowing?"),
                (
                    "P",
                    (
                        "That has to be respected. It's her information. There may be all sorts of "
                        "reasons, personal, cultural, and it isn't for the team to decide she "
                        "should disclose. I might gently ask whether there's anyone she'd want to "
                        "know in an emergency, but I'd be careful that doesn't turn into pressure."
                    ),
                ),
                ("Interviewer", "Has anything like this come up in your work?"),
                (
                    "P",
                    (
                        "Not travel, no. But the part about her family really speaks to me. Robin "
                        "has been clear from the start that they don't want their mum involved in "
                        "their care plan. They're an adult, they're entitled to that. And on the "
                        "ninth of November last year, I rang their mum. [pause]"
                    ),
                ),
                ("Interviewer", "Can you tell me what happened?"),
                (
                    "P",
                    (
                        "It was after a really difficult session. Robin had talked about feeling "
                        "like a burden, some quite hopeless thoughts, and we'd gone over the "
                        "safety plan together at the end, but they left a bit abruptly. Then they "
                        "didn't reply to a check-in text we'd agreed, and their phone was off into "
                        "the evening. And given their history, I, um, I rang Lorraine, their mum, "
                        "and asked her to check on them. And Robin was asleep. Just asleep, phone "
                        "dead. And their mum woke them up in a total panic."
                    ),
                ),
                ("Interviewer", "How did Robin respond?"),
                (
                    "P",
                    (
                        "They were really angry. And rightly, in a way. What I did badly, I think, "
                        "was the next session. I went in quite defensive, I explained the "
                        "missed-contact procedure, I sort of hid behind the policy. And Robin "
                        "said, I don't care about the policy, I care that you didn't trust me. And "
                        "that landed. So I had to actually say, I was frightened, I made a "
                        "decision out of that fear, and it cost you something. And we agreed a "
                        "different plan, with a friend's number that Robin chose rather than their "
                        "mum's. [pause] I still don't know if I'd act differently with the same "
                        "information. That's the honest answer. And I think the repair helped, but "
                        "I'd be kidding myself if I said it hadn't cost anything. I think Robin's "
                        "been more careful with me since. They choose what they tell me."
                    ),
                ),
                ("Interviewer", "How does that connect to Amira, for you?"),
                (
                    "P",
                    (
                        "Just that Jonah will be tempted to want a family contact, and she's said "
                        "no. And the temptation is to treat her no as something you can work "
                        "around in an emergency. I think he should ask her now, while she's well, "
                        "what she'd want to happen if she couldn't be reached, and then stick to "
                        "it. That's what I'd do differently now."
                    ),
                ),
            ],
        },
        "closing": [
            (
                "Interviewer",
                (
                    "We're coming to the end. Is there anything else you'd like to say about how "
                    "risk is handled in your work?"
                ),
            ),
            (
                "P",
                (
                    "Um. I think I'd say that risk in teams is often really about managing "
                    "anxiety, the team's anxiety, and we don't name it. We talk about risk as if "
                    "it's a property of the service user, Robin is high risk, when a lot of it is "
                    "a property of the relationship, and the system, and what happens to us when "
                    "things go wrong. In our team there's a lot of good intention and quite a lot "
                    "of fear, and the fear tends to win in the meetings. I include myself in that. "
                    "I've noticed I'm braver in my own room than in the team meeting. So if "
                    "services want recovery-oriented practice, they need places where workers can "
                    "say, I'm scared about this, and have that held, rather than having to turn it "
                    "into a risk assessment. And they need to ask service users which risks they "
                    "want to take. Robin once said to me, you lot talk about my safety as if it's "
                    "the only thing I want. I think about that a lot."
                ),
            ),
            (
                "Interviewer",
                ("Thank you, that's a really good place to end. I'll stop the recording now."),
            ),
            (
                "P",
                (
                    "Thank you. It's been, um, quite a useful bit of reflective practice, "
                    "actually. [laughs]"
                ),
            ),
        ],
    },
    "SU8": {
        "opening": [
            (
                "Interviewer",
                (
                    "Thanks for coming in. Before we start, are you still happy for me to record? "
                    "You can change your mind at any point."
                ),
            ),
            ("P", "Yeah, that's fine. Is it just audio?"),
            (
                "Interviewer",
                (
                    "Just audio. It gets typed up, and your name and anything that could identify "
                    "you is taken out. Nothing you say goes back to your team or to your worker."
                ),
            ),
            (
                "P",
                (
                    "Cool. Okay. Um, I use they/them, by the way, in case it ends up in the "
                    "write-up. It's on the form, but people don't always read the form. [laughs]"
                ),
            ),
            (
                "Interviewer",
                (
                    "Thank you, I'll make sure. So to start with, could you tell me a bit about "
                    "yourself and the support you get?"
                ),
            ),
            (
                "P",
                (
                    "Sure. So I'm twenty-five, I live with my mum in Gorse Hill, which, yeah, at "
                    "twenty-five, that's a whole thing. I've been under the mental health team for "
                    "about four years, since I was at uni, for depression mainly. I see Maya every "
                    "week, she's a psychologist, for therapy, and she's also kind of my, what's it "
                    "called, care coordinator, because my old one left and nobody replaced them. "
                    "And I see a psychiatrist every few months, Dr Pell, who I've met, like, five "
                    "times. And I do two shifts a week in a secondhand bookshop, which is honestly "
                    "the best part of my week."
                ),
            ),
            ("Interviewer", "How would you describe the support?"),
            (
                "P",
                (
                    "Um. Maya's good. Like, genuinely. She's the first person in the whole service "
                    "who asked me what I wanted my life to look like, instead of what my mood was "
                    "out of ten. The rest of it is kind of a machine. You fill in the forms, you "
                    "get asked if you've had thoughts of ending your life, you say no because you "
                    "know what happens if you say yes, and everyone ticks a box. [pause] That "
                    "sounds bleak. It's not all bleak. But the risk stuff, yeah. It's a machine."
                ),
            ),
        ],
        "vignettes": {
            "money": [
                (
                    "Interviewer",
                    (
                        "This one's about Dana, who's forty-six. She got into debt a few years ago "
                        "when she was unwell, and since then her brother has been her appointee, "
                        "paying her bills and giving her an allowance. She's been well for two "
                        "years and wants to manage her own money again. Her brother's worried. "
                        "What do you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "Honestly, I think the brother wins. Not because he's right, just because "
                        "he's, like, the responsible adult in everyone's head. And Dana's the one "
                        "with the diagnosis. So anything she says gets filtered through that. She "
                        "wants her money back, but is that her, or is that her mood lifting? "
                        "That's the trap, right? Wanting things becomes a symptom."
                    ),
                ),
                ("Interviewer", "Can you say more about that?"),
                (
                    "P",
                    (
                        "Yeah, like, when you're depressed, if you don't want anything, that's a "
                        "symptom. And then if you start wanting stuff, it's, oh, careful, you're "
                        "being impulsive. There's no version of wanting things that's just a "
                        "person wanting things. I've definitely had the, oh, you've decided this "
                        "quite suddenly, haven't you. Yeah. Because I felt better for the first "
                        "time in a year. Let me have it."
                    ),
                ),
                ("Interviewer", "What should Priya do?"),
                (
                    "P",
                    (
                        "Believe her. She's doing a budgeting course! She's got a plan for the "
                        "debt! That's more than most people my age have. Give her the money back, "
                        "bit by bit if she wants that, and let her decide who she tells if it "
                        "starts going wrong. And talk to the brother on his own, like, we know you "
                        "care, here's what you can do that isn't being her bank."
                    ),
                ),
                ("Interviewer", "Has anything like this happened to you?"),
                (
                    "P",
                    (
                        "Sort of. When I'm really low I don't open post. Like, at all. It just "
                        "piles up. And there was a point where I'd gone into my overdraft and "
                        "there were all these letters, and my mum found them and offered to take "
                        "over my bank account. And I said no. Maybe a bit too loudly. [laughs] And "
                        "Maya kind of sided with me, which I didn't expect. She didn't say, I'm on "
                        "your side, but she suggested I bring the letters in and we opened them in "
                        "her room. The most boring therapy session in history. But it meant I did "
                        "it. It was still mine. And I've opened my post since. Mostly."
                    ),
                ),
            ],
            "flat": [
                (
                    "Interviewer",
                    (
                        "This story's about Tom, who's thirty-eight and has lived in supported "
                        "housing for two years since he left hospital. He's been offered his own "
                        "flat across town and has a week to decide. He really wants it, partly so "
                        "his teenage daughter can stay at weekends. His care coordinator is "
                        "worried, because the last time he lived alone he stopped eating and lost "
                        "touch with the team. What do you think will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "He'll take it, I hope. The daughter thing, that's everything, isn't it. "
                        "That's not a nice-to-have, that's his whole reason."
                    ),
                ),
                ("Interviewer", "What should Gareth, his worker, do?"),
                (
                    "P",
                    (
                        "Um, help him move, basically. Not in a carrying-boxes way. Although also "
                        "that. But help him work out what actually helped in the supported housing "
                        "and take that with him. If it's the reminders, set up reminders on his "
                        "phone. If it's having people around, find somewhere near the new flat "
                        "where there are people. And be straight about the once a fortnight. Don't "
                        "promise him loads of visits and then cancel them. That's worse than just "
                        "saying, look, I can come every two weeks, what else do we need?"
                    ),
                ),
                ("Interviewer", "Does this connect with anything in your own life?"),
                (
                    "P",
                    (
                        "Yeah, massively. I want to move out. I've got a friend who's got a room "
                        "going in a flat share, and I want it. And I've noticed everyone's quite "
                        "nervous about it. Maya was, at first. She didn't say no, she's not like "
                        "that. But I could see her doing the face. [laughs] The careful face. And "
                        "I kind of get it, because after my overdose I was in a crisis house for a "
                        "bit and then I went back to my mum's, and I think in everyone's head my "
                        "mum's house is where I'm safe. Like she's a smoke alarm. But living with "
                        "my mum is honestly part of what keeps me stuck. She worries about me all "
                        "the time, and I can feel it, and then I feel guilty that she's worried, "
                        "and then I feel worse. It's a loop."
                    ),
                ),
                ("Interviewer", "Did you talk to Maya about that?"),
                (
                    "P",
                    (
                        "Yeah. I said it quite bluntly, like, living with my mum is part of why "
                        "I'm depressed. And she went quiet for a bit and then she said, I think "
                        "you're right, and I think I've been treating your mum's house as a safety "
                        "plan. Which, like, respect, honestly. Not many people in that job say, I "
                        "got that wrong. So now we're planning it. Properly. What I do if I have a "
                        "bad week, who I tell. I think it'll happen in the summer."
                    ),
                ),
            ],
            "depot": [
                (
                    "Interviewer",
                    (
                        "This one's about Grace, who's thirty-four and has had an antipsychotic "
                        "injection every two weeks for six years. She's been well and she's "
                        "started drawing again, but the injection makes her feel slow and heavy, "
                        "she's put on weight, and her hands shake so much that drawing's getting "
                        "hard. She wants to stop. She's been admitted before after stopping, and "
                        "the consultant wants her to wait another year. What do you think will "
                        "happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "Oh, she'll wait another year, and then they'll say another year. Or "
                        "she'll just stop. I would just stop, honestly. I'm not saying that's "
                        "smart. But I'd be so done."
                    ),
                ),
                ("Interviewer", "What should Michael do?"),
                (
                    "P",
                    (
                        "Take the drawing seriously! That's the bit. She's not saying, I don't "
                        "like needles. She's saying, this is stopping me doing the thing that "
                        "makes me me. And if he just writes down, wishes to discontinue, or "
                        "whatever, then that's all anyone will ever see. So he should write down "
                        "what she actually said. And push the doctor for something sooner than a "
                        "year. A lower dose, a different one, like, now."
                    ),
                ),
                ("Interviewer", "Has anything like this happened to you?"),
                (
                    "P",
                    (
                        "Yeah, with my antidepressant. I was on it for three years and it made me "
                        "feel like, um, like I was wrapped in cling film. I couldn't feel bad but "
                        "I couldn't feel good either. I didn't cry when my grandad died. I just "
                        "sat there. And I told Dr Pell, I want to come off, and he said, let's "
                        "wait until you're more stable. And I said, I'm only stable because I'm "
                        "numb, how would I even know? And he sort of smiled at me like I was being "
                        "clever. [pause] And nothing happened. Then Maya wrote him a letter, "
                        "basically saying what I'd said but in psychologist, and suddenly it was, "
                        "yes, let's do a slow taper. Same argument. Different person saying it."
                    ),
                ),
                ("Interviewer", "How did that feel?"),
                (
                    "P",
                    (
                        "Mixed. I'm grateful, obviously. She went and did that for me. But it also "
                        "kind of confirmed something I already thought, which is that my words "
                        "don't count until someone with a job title repeats them. I did tell Maya "
                        "that, later. She said, yeah, that's fair, and that it bothered her too. "
                        "[pause] Coming off was rough for a few weeks. I was weepy all the time. "
                        "But I could feel stuff again. I cried in therapy, first time ever. Maya "
                        "looked so pleased. [laughs] Which is a weird thing to be pleased about, "
                        "but I get it."
                    ),
                ),
            ],
            "work": [
                (
                    "Interviewer",
                    (
                        "This story's about Sam, who's twenty-nine and used to be a chef. He "
                        "hasn't worked for three years, and he's been offered a catering course "
                        "with a placement in a restaurant kitchen, evenings and weekends. His care "
                        "coordinator remembers that his first episode happened during a time of "
                        "long hours, not much sleep and drinking after work. What do you think "
                        "will happen?"
                    ),
                ),
                (
                    "P",
                    (
                        "He'll go for it. He should go for it. He's literally bought knives. "
                        "[laughs]"
                    ),
                ),
                ("Interviewer", "What should Ruth do?"),
                (
                    "P",
                    (
                        "Help him figure out the benefits thing, because that's terrifying. I only "
                        "do two shifts partly because I'm scared of what happens to my money if I "
                        "do more. Nobody can give you a straight answer. And then, like, trust him "
                        "about the drinking. He said he knows the risks. He's twenty-nine, he's "
                        "not a kid. Maybe ask him what would help. But don't make it a condition, "
                        "like, you can only go if you promise not to drink, because then he just "
                        "won't tell you if he does."
                    ),
                ),
                ("Interviewer", "And whether he tells the college?"),
                (
                    "P",
                    (
                        "Oh, that's so his call. I had that with the bookshop. Like, how much of "
                        "myself do I hand over at once? I'm non-binary, I've got depression, I've "
                        "got a big gap on my CV. Which one do you lead with? I told my manager "
                        "about the depression, because I needed to swap shifts sometimes for "
                        "appointments. I didn't do the pronouns thing at first, because I just "
                        "wanted one thing to go well. Which is a bit sad, now I say it out loud. "
                        "But the job's good. My manager's sound. I did tell her eventually, and "
                        "she was fine."
                    ),
                ),
                ("Interviewer", "Has anything like Sam's situation happened to you?"),
                (
                    "P",
                    (
                        "Kind of, with uni. I dropped out in second year, when I got ill. And I "
                        "want to go back, maybe part-time. I mentioned it in a review and someone "
                        "said, well, exam stress was a factor last time. And it was! But it's also "
                        "the thing I think about at three in the morning. That I didn't finish. So "
                        "it's not like not going back is safe. It's just a different kind of bad. "
                        "Maya gets that. I'm not sure the rest of them do. I don't know. Maybe "
                        "they do and they just can't say it in a meeting."
                    ),
                ),
            ],
            "abroad": [
                (
                    "Interviewer",
                    (
                        "This one's about Amira, who's fifty-two. Her mother lives in another "
                        "country and is seriously ill, and Amira wants to travel alone to be with "
                        "her for three weeks. Her mood's been low, and the last time she was under "
                        "a lot of strain she stopped sleeping and became unwell quickly. Her "
                        "relatives don't know about her mental illness and she'd like to keep it "
                        "that way. She says she's going whatever the team thinks. What do you "
                        "think will happen?"
                    ),
                ),
                ("P", "She goes. Obviously. It's her mum. Nobody else gets a say in that."),
                ("Interviewer", "What should Jonah do?"),
                (
                    "P",
                    (
                        "Make sure she's got her meds, for the whole time plus a bit extra. Help "
                        "her with the sleep, a plan for if she can't sleep. And respect the family "
                        "thing. If she doesn't want them to know, they don't know. That's, like, "
                        "non-negotiable to me."
                    ),
                ),
                ("Interviewer", "Why does that part matter so much to you?"),
                (
                    "P",
                    (
                        "Because I've had that broken. [pause] Um. My mum isn't on my plan. I was "
                        "really clear about that from the start, with Maya. And on the ninth of "
                        "November, last year, I'd had a really bad session, one of those ones "
                        "where you say stuff out loud you've never said before, and I went home "
                        "and my phone died and I just went to sleep. Like, properly slept, for the "
                        "first time in days. And I woke up to my mum in my room, crying, shaking "
                        "me, because Maya had rung her because she couldn't get hold of me."
                    ),
                ),
                ("Interviewer", "How did that feel?"),
                (
                    "P",
                    (
                        "Honestly? Like being betrayed and humiliated at the same time. Because "
                        "then my mum knew stuff. Not the details, but she knew something had "
                        "happened in therapy that scared Maya. And I had to deal with my mum's "
                        "face for weeks. I nearly didn't go back."
                    ),
                ),
                ("Interviewer", "What made you go back?"),
                (
                    "P",
                    (
                        "Um, I went back to have a go at her, to be honest. [laughs] And she "
                        "started off doing the policy thing, like, we have procedures when we "
                        "can't reach someone. And I said, I don't care about your procedures. And "
                        "then she stopped, and she said, you're right, I was frightened, I made a "
                        "choice out of that, and it cost you. And she said sorry, like an actual "
                        "sorry, not a sorry-you-feel-that-way. And we changed the plan, so now "
                        "it's my friend's number, someone I picked. [pause] Weirdly, I trust her "
                        "more now than I did before. Because I know she'll tell me when she's "
                        "messed up. I don't think she believes that, by the way. I think she still "
                        "thinks it's the thing that broke us. It's not. It's the thing that made "
                        "it real."
                    ),
                ),
                ("Interviewer", "And for Amira?"),
                (
                    "P",
                    (
                        "Yeah, just, ask her now, while she's well, who she'd want contacted. And "
                        "then do that, even if you're scared. Especially if you're scared."
                    ),
                ),
            ],
        },
        "closing": [
            (
                "Interviewer",
                (
                    "We're nearly finished. Is there anything else you'd like to say about how "
                    "risk is handled in your care?"
                ),
            ),
            (
                "P",
                (
                    "Um. Just that everyone's so scared of me dying that nobody asks much about me "
                    "living. Except Maya, mostly. Risk is always about the worst night of my life, "
                    "like that's the truest thing about me. It's on every letter. Every new person "
                    "I meet has read about the overdose before they've read anything else. I get "
                    "why. But I'm not that night. I'd want my risk plan to have the good stuff in "
                    "it too, like what keeps me going. The bookshop. My friends. Swimming early in "
                    "the morning when the pool's empty. I'd want to write it myself, in my own "
                    "words. And I'd want people to ask me which risks I want to take, because "
                    "there are some. Moving out is a risk. Going back to uni is a risk. Those are "
                    "the risks I actually want."
                ),
            ),
            (
                "Interviewer",
                (
                    "Thank you so much, that's a really powerful way to finish. I'll stop the "
                    "recording there."
                ),
            ),
            ("P", "Cool. Thanks. That was less awful than I thought it'd be. [laughs]"),
        ],
    },
}

# Identifying details a researcher would redact, per transcript: the exact text as it appears,
# and a label.
IDENTIFIERS = {
    "MHW7": [
        ("Alan", "name"),
        ("Dr Varga", "name"),
        ("Wrenfield Street", "place"),
        ("Ashbury Ward", "place"),
    ],
    "SU7": [
        ("Peter", "name"),
        ("Maureen", "name"),
        ("Hollinsby", "place"),
        ("Ashbury Ward", "place"),
    ],
    "MHW8": [
        ("Robin", "name"),
        ("Lorraine", "name"),
        ("the Larches", "place"),
        ("the ninth of November", "date"),
    ],
    "SU8": [
        ("Maya", "name"),
        ("Dr Pell", "name"),
        ("Gorse Hill", "place"),
        ("the ninth of November", "date"),
    ],
}
