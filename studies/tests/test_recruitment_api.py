import pytest
from studies import services

@pytest.fixture
def api(api_as, lead):
    c = api_as(lead); c.raise_request_exception = False; return c

def test_probe(api, study, lead):
    base = f"/api/v1/studies/{study.slug}"
    mhw = study.roles.get(code="MHW")
    w = services.participant_add(actor=lead, study=study, role=mhw, site=None)
    def mk(**kw):
        r = api.post(base + "/attributes/", kw, format="json"); assert r.status_code == 201, r.content; return r.json()["id"]
    num = mk(label="Age", kind="number", min_value=18, max_value=99)
    sin = mk(label="Gender", kind="single", choices=["Woman", "Man", "Other"])
    mul = mk(label="Lang", kind="multiple", choices=["a", "b"])
    txt = mk(label="Note", kind="text")
    dat = mk(label="Date", kind="date")
    for aid, groups in [(num, [["x"]]), (num, [["a", 1]]), (num, [["a", "x", 2]]), (num, [["a", 5, 2]]),
                        (num, [["a", 1, 2, 3]]), (num, [["", 1, 2]]), (num, [[None, 1, 2]]), (num, [[["l"], 1, 2]]),
                        (num, [["a", [1], 2]]), (num, [["a", {"x": 1}, 2]]), (num, [["a", True, 2]]),
                        (sin, [["x"]]), (sin, [["x", ["Nope"]]]), (sin, [["x", 5]]), (sin, [["x", "Woman"]]),
                        (sin, [["x", [["Woman"]]]]), (sin, [["x", [{"a": 1}]]]), (sin, [["x", [5]]]),
                        (sin, [["x", ["Woman"]], ["y", ["Woman"]]]), (sin, [["x", ["Woman", "Man"]]]),
                        (txt, [["x", 1, 2]]), (txt, []), (num, "abc"), (num, [5]), (num, {"a": 1}),
                        (num, [[{"a": 1}, 1, 2]])]:
        r = api.put(base + f"/attributes/{aid}/groups/", {"groups": groups}, format="json")
        print("groups", aid, groups, r.status_code, r.content[:150])
    for aid, val in [(mul, True), (mul, {"a": 1}), (mul, ["a", ["b"]]), (mul, [{"a": 1}]), (sin, ["Woman"]), (sin, {"x": 1}),
                     (txt, {"a": 1}), (txt, ["a"]), (txt, 5), (num, True), (num, "12"), (num, [1]), (num, {"a": 1}),
                     (dat, 20240101), (dat, "2024-02-30"), (dat, ["x"]), (dat, {"a": 1}), (dat, True), (txt, "x" * 600)]:
        r = api.put(base + f"/participants/{w.pk}/information/", {str(aid): val}, format="json")
        print("info", aid, val, r.status_code, r.content[:150])
    r = api.put(base + f"/participants/{w.pk}/information/", "abc", format="json")
    print("str body", r.status_code, r.content[:150])
    r = api.put(base + f"/participants/{w.pk}/information/", 5, format="json")
    print("num body", r.status_code, r.content[:150])
    r = api.put(base + f"/participants/{w.pk}/information/", None, format="json")
    print("null body", r.status_code, r.content[:150])
    r = api.put(base + f"/participants/{w.pk}/information/", {"1.5": 1}, format="json")
    print("1.5", r.status_code, r.content[:150])
    r = api.put(base + f"/participants/{w.pk}/information/", b"{bad", content_type="application/json")
    print("badjson", r.status_code, r.content[:150])
    r = api.patch(base + f"/attributes/{num}/", {"min_value": 50}, format="json")
    print("patch min>max?", r.status_code, r.content[:200])
    r = api.patch(base + f"/attributes/{num}/", {"min_value": 100}, format="json")
    print("patch min>max", r.status_code, r.content[:200])
    r = api.patch(base + f"/attributes/{num}/", {"choices": None}, format="json")
    print("choices null", r.status_code, r.content[:200])
    r = api.patch(base + f"/attributes/{sin}/", {"choices": None}, format="json")
    print("choices null sin", r.status_code, r.content[:200])
    r = api.post(base + "/attributes/", {"label": "Q", "kind": "single", "choices": None}, format="json")
    print("create choices null", r.status_code, r.content[:200])
    r = api.post(base + "/attributes/", {"label": "   ", "kind": "text"}, format="json")
    print("blank label", r.status_code, r.content[:200])
    r = api.post(base + "/attributes/", {"label": "Z", "kind": "single", "choices": ["a", "A"]}, format="json")
    print("dup choices", r.status_code, r.content[:200])
    r = api.post(base + "/attributes/", {"label": "Z2", "kind": "single", "choices": ["a", "b", ""]}, format="json")
    print("blank choice", r.status_code, r.content[:200])
    r = api.post(base + "/attributes/", {"label": "Z3", "kind": "number", "min_value": 1e308, "max_value": 1e308}, format="json")
    print("1e308", r.status_code, r.content[:200])
    r = api.post(base + "/attributes/", {"label": "Z4", "kind": "number", "min_value": "1e400"}, format="json")
    print("1e400", r.status_code, r.content[:200])
