"""Maps spans of newsfacts' cleaned `articles.text` back to the text a development set annotated.

newsfacts normalizes whitespace and drops page furniture, so its offsets do not index the original.
The characters that are not whitespace are aligned (difflib's matching blocks over them), and a span
maps to the original characters its own characters align with. Used by the scorers in benches/.
"""
import difflib


def nonspace_map(text):
    """The non-whitespace characters of text and, for each, its index in text."""
    idx = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in idx), idx


def mapper(cleaned, original):
    """A function from a span (start, end) of `cleaned` to one of `original`, or None where none of
    its characters was kept."""
    cs, ci = nonspace_map(cleaned)
    os_, oi = nonspace_map(original)
    to_orig = {}
    sm = difflib.SequenceMatcher(None, cs, os_, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            to_orig[ci[a + k]] = oi[b + k]

    def span(start, end):
        inside = [to_orig[i] for i in range(start, end) if i in to_orig]
        if not inside:
            return None
        return inside[0], inside[-1] + 1

    return span


def overlaps(a, b):
    """Whether spans a and b (start, end) share a character."""
    return a[0] < b[1] and b[0] < a[1]
