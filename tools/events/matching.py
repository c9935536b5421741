"""How events are compared: the events scorer (benches/events_eval.py) and the annotators' comparison
(tools/events/gold.py) pair events the same way.

- Names: lower-cased, without a leading "the", without dots and possessive "'s", spaces collapsed
  ("U.S." and "US" are one name). A name matches another when they are equal or the tokens of one end
  the other's ("Baker" and "James Baker"). A party or place is written as its forms joined by " | ".
- Kinds pair inside a family: meeting, talks and summit are one family (one event is often called
  all three); visit, phone call and agreement are each their own.
- Two events of one article pair when their kinds share a family and they share a party, or their
  triggers are within TRIGGER_WINDOW characters; pairs are taken best first (most shared parties,
  then nearest triggers), each event in one pair at most.
"""
import re

TRIGGER_WINDOW = 40
FAMILIES = {
    "meeting": "consult",
    "talks": "consult",
    "summit": "consult",
    "visit": "visit",
    "phone call": "phone call",
    "agreement": "agreement",
    "agreement signed": "agreement",
}
# Kinds scored together as the "meeting/visit/talks" figure; agreements are printed apart.
MEETING_FAMILIES = {"consult", "visit", "phone call"}


def normalize(name):
    name = name.lower().replace("\u2019", "'")
    name = re.sub(r"'s\b", "", name)
    name = name.replace(".", "")
    name = re.sub(r"[^\w&]+", " ", name).strip()
    return re.sub(r"^the ", "", name)


def forms(written):
    """The normalized forms of a party or place written as "A | B"."""
    if not written:
        return set()
    return {normalize(f) for f in written.split("|") if normalize(f)}


def names_match(a_forms, b_forms):
    for a in a_forms:
        for b in b_forms:
            if a == b:
                return True
            at, bt = a.split(), b.split()
            short, long_ = (at, bt) if len(at) <= len(bt) else (bt, at)
            if long_[-len(short):] == short:
                return True
    return False


def parties_overlap(a, b):
    """How many of a's parties match one of b's (each list of forms sets), one to one."""
    used, n = set(), 0
    for pa in a:
        for j, pb in enumerate(b):
            if j not in used and names_match(pa, pb):
                used.add(j)
                n += 1
                break
    return n


def same_parties(a, b):
    return len(a) == len(b) == parties_overlap(a, b)


def same_place(a, b):
    if not a and not b:
        return True
    return bool(a and b) and names_match(forms(a), forms(b))


def same_date(a, b):
    return (a or None) == (b or None)


def pair(golds, preds):
    """[(i, j)]: gold event i paired with predicted event j. Events are dicts with `family`,
    `parties` (list of forms sets) and `trigger` ((start, end) in one coordinate system, or None)."""
    candidates = []
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            if g["family"] != p["family"]:
                continue
            shared = parties_overlap(g["parties"], p["parties"])
            distance = (abs(g["trigger"][0] - p["trigger"][0])
                        if g["trigger"] and p["trigger"] else 10 ** 9)
            if shared or distance <= TRIGGER_WINDOW:
                candidates.append((-shared, distance, i, j))
    candidates.sort()
    taken_g, taken_p, pairs = set(), set(), []
    for _, _, i, j in candidates:
        if i not in taken_g and j not in taken_p:
            taken_g.add(i)
            taken_p.add(j)
            pairs.append((i, j))
    return pairs


def judge(g, p):
    """Which fields of a paired prediction are right."""
    parties = same_parties(g["parties"], p["parties"])
    date = same_date(g["date"], p["date"])
    place = same_place(g["place"], p["place"])
    return {"parties": parties, "date": date, "place": place, "full": parties and date and place}
