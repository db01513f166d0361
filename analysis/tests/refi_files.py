# ruff: noqa: E501 (the hand-written XML reads best one element a line)
"""Hand-written REFI-QDA files in the ways other tools write them, for the import tests.

Each builder returns the bytes of a .qdpx (or .qdc) and keeps to one tool's habits as far
as they are known from files seen in the wild: NVivo (the project namespace, upper-case
GUIDs, source text with a byte-order mark and CRLF line ends counted as two characters),
ATLAS.ti (GUIDs in braces, a `Sources/` folder, annotations as selections without
codings), QualCoder (lower-case GUIDs, a codebook in the 0:4 namespace) and Taguette (no
cases, no variables). The texts hold non-ASCII letters and emoji.
"""

import io
import uuid
import zipfile
from xml.sax.saxutils import quoteattr

PROJECT_NS = "urn:QDA-XML:project:1.0"

WORKER_TEXT = (
    "Interviewer: How did the plan go?\n\n"
    "MHW1: She wanted her money back from the appointee. Zoë said it felt safe 🙂 at last.\n"
    "We agreed a plan together.\n\n"
    "Interviewer: And the team?\n\n"
    "MHW1: The team was stretched, but we managed."
)
USER_TEXT = "I felt listened to. Café meetings helped 😊 a lot.\n\nThe crisis line was busy."
NOTES_TEXT = "A plain account without speakers.\n\nMoney came up twice, ☕ over coffee."


def guid(seed: str, style: str = "upper") -> str:
    """A fixed GUID for `seed`, written as a tool would: upper, lower or in braces."""
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, seed))
    if style == "upper":
        return value.upper()
    if style == "braces":
        return "{" + value.upper() + "}"
    return value


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body.encode() if isinstance(body, str) else body)
    return buffer.getvalue()


def a(**attributes) -> str:
    return " ".join(f"{name}={quoteattr(str(value))}" for name, value in attributes.items())


def nvivo() -> tuple[bytes, dict]:
    """An NVivo-like project: two cases (a worker and a service user) with variables of
    every type, nested codes with colours, a note on a code and one on a selection, and
    text with a BOM and CRLF line ends whose positions count CRLF as two."""
    g = {name: guid(f"nvivo-{name}") for name in (
        "u1", "u2", "c_top", "c_money", "c_safe", "c_team", "v_role", "v_age", "v_years",
        "v_yes", "v_date", "v_when", "case1", "case2", "s1", "s2", "sel1", "sel2", "sel3",
        "sel4", "cod1", "cod2", "cod3", "cod4", "cod5", "n1", "n2", "set1",
    )}  # fmt: skip
    worker_crlf = WORKER_TEXT.replace("\n", "\r\n")

    def crlf_span(words):
        return span(worker_crlf, words)

    money = crlf_span("She wanted her money back from the appointee")
    safe = crlf_span("it felt safe 🙂 at last")
    plan = crlf_span("We agreed a plan together")
    team = crlf_span("The team was stretched")
    felt = span(USER_TEXT, "I felt listened to")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{PROJECT_NS}" {a(name="Risk and recovery (NVivo)", origin="NVivo 14")}>
  <Users>
    <User {a(guid=g["u1"], name="coder")}/>
    <User {a(guid=g["u2"], name="Somebody Else")}/>
  </Users>
  <CodeBook><Codes>
    <Code {a(guid=g["c_top"], name="Control", isCodable="true", color="#FF0000")}>
      <Description>Who holds the reins.</Description>
      <NoteRef {a(targetGUID=g["n1"])}/>
      <Code {a(guid=g["c_money"], name="Money", isCodable="true", color="#00aa00")}/>
      <Code {a(guid=g["c_safe"], name="Safety", isCodable="true")}/>
    </Code>
    <Code {a(guid=g["c_team"], name="Team", isCodable="true", color="#abc")}/>
  </Codes></CodeBook>
  <Variables>
    <Variable {a(guid=g["v_role"], name="Participant type", typeOfVariable="Text")}/>
    <Variable {a(guid=g["v_age"], name="Age", typeOfVariable="Integer")}/>
    <Variable {a(guid=g["v_years"], name="Years in service", typeOfVariable="Float")}/>
    <Variable {a(guid=g["v_yes"], name="Has a care plan", typeOfVariable="Boolean")}/>
    <Variable {a(guid=g["v_date"], name="Interviewed on", typeOfVariable="Date")}/>
    <Variable {a(guid=g["v_when"], name="Last contact", typeOfVariable="DateTime")}/>
  </Variables>
  <Cases>
    <Case {a(guid=g["case1"], name="MHW1")}>
      <VariableValue><VariableRef {a(targetGUID=g["v_role"])}/><TextValue>MHW</TextValue></VariableValue>
      <VariableValue><VariableRef {a(targetGUID=g["v_age"])}/><IntegerValue>44</IntegerValue></VariableValue>
      <VariableValue><VariableRef {a(targetGUID=g["v_years"])}/><FloatValue>12.5</FloatValue></VariableValue>
      <VariableValue><VariableRef {a(targetGUID=g["v_yes"])}/><BooleanValue>true</BooleanValue></VariableValue>
      <VariableValue><VariableRef {a(targetGUID=g["v_date"])}/><DateValue>2026-03-02</DateValue></VariableValue>
      <VariableValue><VariableRef {a(targetGUID=g["v_when"])}/><DateTimeValue>2026-03-01T10:00:00Z</DateTimeValue></VariableValue>
      <SourceRef {a(targetGUID=g["s1"])}/>
    </Case>
    <Case {a(guid=g["case2"], name="Zoë")}>
      <VariableValue><VariableRef {a(targetGUID=g["v_role"])}/><TextValue>Service user</TextValue></VariableValue>
      <VariableValue><VariableRef {a(targetGUID=g["v_age"])}/><IntegerValue>37</IntegerValue></VariableValue>
      <VariableValue><VariableRef {a(targetGUID=g["v_yes"])}/><BooleanValue>false</BooleanValue></VariableValue>
      <SourceRef {a(targetGUID=g["s2"])}/>
    </Case>
  </Cases>
  <Sources>
    <TextSource {a(guid=g["s1"], name="Interview MHW1", plainTextPath="internal://" + g["s1"] + ".txt")}>
      <PlainTextSelection {a(guid=g["sel1"], name="money", startPosition=money[0], endPosition=money[1], creatingUser=g["u1"], creationDateTime="2026-03-05T09:30:00Z")}>
        <Coding {a(guid=g["cod1"], creatingUser=g["u1"], creationDateTime="2026-03-05T09:30:00Z")}><CodeRef {a(targetGUID=g["c_money"])}/></Coding>
        <Coding {a(guid=g["cod2"], creatingUser=g["u2"])}><CodeRef {a(targetGUID=g["c_top"])}/></Coding>
        <NoteRef {a(targetGUID=g["n2"])}/>
      </PlainTextSelection>
      <PlainTextSelection {a(guid=g["sel2"], startPosition=safe[0], endPosition=safe[1])}>
        <Coding {a(guid=g["cod3"], creatingUser=g["u1"])}><CodeRef {a(targetGUID=g["c_safe"])}/></Coding>
      </PlainTextSelection>
      <PlainTextSelection {a(guid=g["sel3"], startPosition=plan[0], endPosition=plan[1])}>
        <Coding {a(guid=g["cod4"], creatingUser=g["u1"])}><CodeRef {a(targetGUID=g["c_money"])}/></Coding>
      </PlainTextSelection>
      <PlainTextSelection {a(guid=g["sel4"], startPosition=team[0], endPosition=team[1])}>
        <Coding {a(guid=g["cod5"], creatingUser=g["u1"])}><CodeRef {a(targetGUID=g["c_team"])}/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource {a(guid=g["s2"], name="Interview Zoë", plainTextPath="internal://" + g["s2"] + ".txt")}>
      <PlainTextSelection {a(guid=guid("nvivo-sel5"), startPosition=felt[0], endPosition=felt[1])}>
        <Coding {a(guid=guid("nvivo-cod6"))}><CodeRef {a(targetGUID=g["c_safe"])}/></Coding>
      </PlainTextSelection>
    </TextSource>
    <AudioSource {a(guid=guid("nvivo-audio"), name="A recording", path="internal://x.mp3")}/>
  </Sources>
  <Notes>
    <Note {a(guid=g["n1"], name="About control", creatingUser=g["u1"])}><PlainTextContent>Control runs through every account.</PlainTextContent></Note>
    <Note {a(guid=g["n2"], name="Appointee")}><PlainTextContent>The appointee comes up again in SU1's account.</PlainTextContent></Note>
  </Notes>
  <Sets><Set {a(guid=g["set1"], name="Site A")}><MemberSource {a(targetGUID=g["s1"])}/></Set></Sets>
</Project>
"""
    files = {
        "project.qde": qde,
        f"sources/{g['s1']}.txt": b"\xef\xbb\xbf" + worker_crlf.encode(),
        f"sources/{g['s2']}.txt": b"\xef\xbb\xbf" + USER_TEXT.replace("\n", "\r\n").encode(),
    }
    return zip_bytes(files), g


def atlas() -> bytes:
    """An ATLAS.ti-like project: GUIDs in braces, a `Sources/` folder named by relative
    paths, the same code name under two parents, and an annotation (a selection with a
    description and no coding). No cases: the source becomes a participant of its own."""
    g = {name: guid(f"atlas-{name}", "braces") for name in (
        "p1", "p2", "c1", "c2", "s1", "sel1", "sel2", "sel3", "cod1", "cod2",
    )}  # fmt: skip
    first = span(NOTES_TEXT, "A plain account")
    second = span(NOTES_TEXT, "Money came up twice")
    third = span(NOTES_TEXT, "over coffee")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{PROJECT_NS}" {a(name="Atlas project")}>
  <CodeBook><Codes>
    <Code {a(guid=g["p1"], name="Workers", isCodable="false")}><Code {a(guid=g["c1"], name="Money", isCodable="true")}/></Code>
    <Code {a(guid=g["p2"], name="Service users", isCodable="false")}><Code {a(guid=g["c2"], name="Money", isCodable="true")}/></Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource {a(guid=g["s1"], name="Field notes", plainTextPath="Sources/notes.txt")}>
      <PlainTextSelection {a(guid=g["sel1"], startPosition=first[0], endPosition=first[1])}>
        <Description>Opening remark.</Description>
      </PlainTextSelection>
      <PlainTextSelection {a(guid=g["sel2"], startPosition=second[0], endPosition=second[1])}>
        <Coding {a(guid=g["cod1"])}><CodeRef {a(targetGUID=g["c1"])}/></Coding>
        <Coding {a(guid=g["cod2"])}><CodeRef {a(targetGUID=g["c2"])}/></Coding>
      </PlainTextSelection>
      <PlainTextSelection {a(guid=g["sel3"], startPosition=third[0], endPosition=third[1])}/>
    </TextSource>
  </Sources>
</Project>
"""
    return zip_bytes({"Atlas project.qde": qde, "Sources/notes.txt": NOTES_TEXT})


def qualcoder_codebook() -> bytes:
    """A QualCoder-like .qdc: lower-case GUIDs, the codebook 0:4 namespace."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="QualCoder">
  <Codes>
    <Code {a(guid=guid("qc-1", "lower"), name="Trust", isCodable="true", color="#123456")}>
      <Description>Whether people rely on each other.</Description>
      <Code {a(guid=guid("qc-2", "lower"), name="Broken trust", isCodable="true")}/>
    </Code>
    <Code {a(guid=guid("qc-3", "lower"), name="Money", isCodable="true")}/>
  </Codes>
</CodeBook>
""".encode()


def taguette() -> bytes:
    """A Taguette-like project: no namespace, no cases or variables, flat codes, the
    source text inline."""
    words = span(USER_TEXT, "Café meetings helped 😊 a lot")
    return zip_bytes({"project.qde": f"""<?xml version="1.0" encoding="utf-8"?>
<Project {a(name="Taguette export")}>
  <CodeBook><Codes><Code {a(guid=guid("tg-c", "lower"), name="Meetings", isCodable="true")}/></Codes></CodeBook>
  <Sources>
    <TextSource {a(guid=guid("tg-s", "lower"), name="doc 1")}>
      <PlainTextContent>{USER_TEXT}</PlainTextContent>
      <PlainTextSelection {a(guid=guid("tg-sel", "lower"), startPosition=words[0], endPosition=words[1])}>
        <Coding {a(guid=guid("tg-cod", "lower"))}><CodeRef {a(targetGUID=guid("tg-c", "lower"))}/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"""})  # fmt: skip


def minimal_project(source_text: str = USER_TEXT, *, start: int = 0, end: int = 5,
                    path: str | None = None, files: dict | None = None,
                    qde_name: str = "project.qde", root: str = "Project",
                    extra: str = "") -> bytes:  # fmt: skip
    """One source with one coded selection, to be broken in one way per refusal test;
    `extra` is XML put after the sources."""
    source = guid("min-s")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<{root} xmlns="{PROJECT_NS}" name="Minimal">
  <CodeBook><Codes><Code {a(guid=guid("min-c"), name="Code", isCodable="true")}/></Codes></CodeBook>
  <Sources>
    <TextSource {a(guid=source, name="Only source", plainTextPath=path or f"internal://{source}.txt")}>
      <PlainTextSelection {a(guid=guid("min-sel"), startPosition=start, endPosition=end)}>
        <Coding {a(guid=guid("min-cod"))}><CodeRef {a(targetGUID=guid("min-c"))}/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
{extra}</{root}>
"""
    members = {qde_name: qde, f"sources/{source}.txt": source_text}
    members.update(files or {})
    return zip_bytes({name: body for name, body in members.items() if body is not None})


def with_entities(entity: str) -> bytes:
    """A project whose XML declares `entity` (an external one, or a billion laughs)."""
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE Project [{entity}]>
<Project xmlns="{PROJECT_NS}" name="&x;"/>
"""
    return zip_bytes({"project.qde": qde})


BILLION_LAUGHS = (
    '<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
)
EXTERNAL_ENTITY = '<!ENTITY x SYSTEM "file:///etc/passwd">'


def zip_bomb(size: int) -> bytes:
    """A small archive whose source unpacks to `size` bytes of spaces, its directory
    entry understating it (as a crafted bomb would) so only counting while unpacking
    catches it."""
    data = minimal_project(path="internal://bomb.txt")
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sources/bomb.txt", b" " * size)
    raw = bytearray(buffer.getvalue())
    # Rewrite the declared uncompressed size of bomb.txt in the central directory.
    name = b"sources/bomb.txt"
    central = raw.rfind(b"PK\x01\x02", 0, raw.rfind(name))
    raw[central + 24 : central + 28] = (100).to_bytes(4, "little")
    return bytes(raw)


def with_sets_and_links() -> bytes:
    """The minimal project with two sets of its source (neither a kind of code nor a site
    or dyad) and a link between its code and its source."""
    source = guid("min-s")
    return minimal_project(extra=f"""  <Sets>
    <Set {a(guid=guid("sl-set1"), name="Interviews in spring")}><MemberSource {a(targetGUID=source)}/></Set>
    <Set {a(guid=guid("sl-set2"), name="Favourites")}><MemberSource {a(targetGUID=source)}/></Set>
  </Sets>
  <Links>
    <Link {a(guid=guid("sl-link"), name="explains", direction="OneWay", originGUID=guid("min-c"), targetGUID=source)}/>
  </Links>
""")  # fmt: skip


def structure_sets(dyad: tuple[str, str] = ("MHW4", "SU7")) -> bytes:
    """A project that says sites and dyads only by sets named as a Vignette Lab export
    names them (no Site or Dyad variable): MHW4 and SU7 at "Marsh Lane", with its
    borough as the set's description, in the dyad "MHW4 and SU7" (the service user's
    source first in the set); MHW5 at "Riverside" with no dyad. `dyad` names another
    pair of the three."""
    g = {name: guid(f"structure-{name}") for name in (
        "c", "case1", "case2", "case3", "s1", "s2", "s3", "site1", "site2", "dyad",
    )}  # fmt: skip
    cases = "".join(
        f'<Case {a(guid=g[case], name=name)}><SourceRef {a(targetGUID=g[source])}/></Case>'
        for case, name, source in (("case2", "SU7", "s2"), ("case1", "MHW4", "s1"),
                                   ("case3", "MHW5", "s3"))
    )  # fmt: skip
    sources = "".join(
        f'<TextSource {a(guid=g[source], name=name)}><PlainTextContent>{text}</PlainTextContent></TextSource>'
        for source, name, text in (("s1", "MHW4", WORKER_TEXT), ("s2", "SU7", USER_TEXT),
                                   ("s3", "MHW5", NOTES_TEXT))
    )  # fmt: skip
    source_of = {"MHW4": g["s1"], "SU7": g["s2"], "MHW5": g["s3"]}
    members = "".join(f"<MemberSource {a(targetGUID=source_of[name])}/>" for name in reversed(dyad))
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{PROJECT_NS}" name="Sets of sites">
  <CodeBook><Codes><Code {a(guid=g["c"], name="Money", isCodable="true")}/></Codes></CodeBook>
  <Cases>{cases}</Cases>
  <Sources>{sources}</Sources>
  <Sets>
    <Set {a(guid=g["site1"], name="Site: Marsh Lane")}><Description>Hackney</Description><MemberSource {a(targetGUID=g["s1"])}/><MemberSource {a(targetGUID=g["s2"])}/></Set>
    <Set {a(guid=g["site2"], name="Site: Riverside")}><MemberSource {a(targetGUID=g["s3"])}/></Set>
    <Set {a(guid=g["dyad"], name=f"Dyad: {dyad[0]} and {dyad[1]}")}>{members}</Set>
  </Sets>
</Project>
"""
    return zip_bytes({"project.qde": qde})
