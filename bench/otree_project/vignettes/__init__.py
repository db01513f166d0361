"""Five vignette pages with two free-text questions each, a closing question and a thanks
page: the online flow of bench/participation.py, as an oTree app.

The vignettes and questions are the demo study's; bench/otree_flow.py writes them to a
JSON file and names it in BENCH_OTREE_STUDY before it starts oTree.
"""

import json
import os
from pathlib import Path

from otree.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, Page, models

STUDY = json.loads(Path(os.environ["BENCH_OTREE_STUDY"]).read_text(encoding="utf-8"))
FIRST, SECOND = STUDY["follow_ups"]


class C(BaseConstants):
    NAME_IN_URL = "vignettes"
    # oTree refuses 1 and asks for None ("the group is all players in the subsession");
    # nothing here is shared by a group, so participants never wait for one another.
    PLAYERS_PER_GROUP = None
    NUM_ROUNDS = 1


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    v1_q1 = models.LongStringField(label=FIRST)
    v1_q2 = models.LongStringField(label=SECOND)
    v2_q1 = models.LongStringField(label=FIRST)
    v2_q2 = models.LongStringField(label=SECOND)
    v3_q1 = models.LongStringField(label=FIRST)
    v3_q2 = models.LongStringField(label=SECOND)
    v4_q1 = models.LongStringField(label=FIRST)
    v4_q2 = models.LongStringField(label=SECOND)
    v5_q1 = models.LongStringField(label=FIRST)
    v5_q2 = models.LongStringField(label=SECOND)
    closing = models.LongStringField(label=STUDY["closing"])


class VignettePage(Page):
    """A vignette, its title and paragraphs, and its two questions. Each page below
    says which vignette it shows."""

    form_model = "player"
    template_name = "vignettes/Vignette.html"
    number = 0

    @classmethod
    def vars_for_template(cls, player):
        vignette = STUDY["vignettes"][cls.number - 1]
        return {
            "number": cls.number,
            "vignette_title": vignette["title"],
            "paragraphs": vignette["text"].split("\n\n"),
        }


class Vignette1(VignettePage):
    number = 1
    form_fields = ["v1_q1", "v1_q2"]


class Vignette2(VignettePage):
    number = 2
    form_fields = ["v2_q1", "v2_q2"]


class Vignette3(VignettePage):
    number = 3
    form_fields = ["v3_q1", "v3_q2"]


class Vignette4(VignettePage):
    number = 4
    form_fields = ["v4_q1", "v4_q2"]


class Vignette5(VignettePage):
    number = 5
    form_fields = ["v5_q1", "v5_q2"]


class Closing(Page):
    form_model = "player"
    form_fields = ["closing"]


class Thanks(Page):
    pass


page_sequence = [Vignette1, Vignette2, Vignette3, Vignette4, Vignette5, Closing, Thanks]
