"""Remove web and press-office boilerplate from a document's text. Pure str -> str, no I/O.

Three kinds of rule, kept as data:
- CUT: a line that ends the document's content ("ends", "Notes to editors", a comments box):
  it and everything after it go. A related-articles heading does the same after the story, but
  before it (a sidebar first in the page) only the heading and its teaser lines go.
- DROP: a line that is page furniture wherever it stands (share buttons, image credits,
  cookie notices, "more >" teasers, breadcrumbs), and a press office's contact line that names
  no one (CONTACT_LINES: one that names someone stays, for the people in it).
- STRIP: a fragment inside a line ("pdf icon PDF 337 KB", "view the full minutes text for item 78").
Offsets reported anywhere in the project point into the text this module returns.
"""
from __future__ import annotations

import re
import unicodedata

_I = re.IGNORECASE

CUT_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^[\s\-–—#\[\(*]*ends[\s\-–—#\]\)*.]*$",
        r"^#{3}$",
        r"^notes?\s+(to|for)\s+(editors?|news\s*desks?)\b.*$",
        r"^editor'?s'?\s+notes?:?$",
        r"^there are no comments\b.*$",
        r"^(add|leave|post|write) (your|a) comment\b.*$",
        r"^(\d+\s+)?comments?\s*\(\d+\)$",
        r"^(share|print|email) this (page|article|story|news)\b.*$",
        r"^was this page (useful|helpful)\??.*$",
    )
)
# Headings of a list of other articles. After the story they end it, like a CUT line; before the
# story (a sidebar that comes first in the page) only the heading and its short teaser lines go.
LIST_HEADINGS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^(related|similar) (articles?|news|stories|content|links|pages)\b.*$",
        r"^(you may|you might) also (like|be interested in)\b.*$",
        r"^(more|latest|other) (news|stories|articles|press releases) (from|in|on)\b.*$",
        r"^(most (read|popular|viewed))\b.*$",
    )
)
# Words of content that must come before a list heading for it to end the document.
MIN_BODY_WORDS = 60
# A teaser line under a list heading is shorter than this (in words); a longer line is the story.
TEASER_MAX_WORDS = 20
# "Comments" alone is a heading that may be real content; it cuts only before a comment box.
COMMENTS_HEADING = re.compile(r"^comments?:?$", _I)
COMMENT_BOX = re.compile(r"no comments|add (your|a) comment|leave a comment|post a comment|log in to comment", _I)

DROP_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^(image|photo|picture|photograph|illustration)( credit)?s?\s*[:\-–—|]\s*.{0,80}$",
        r"^(image|photo|picture) (courtesy of|by)\b.{0,80}$",
        r"^(©|\(c\)|copyright\b).{0,120}$",
        r"^.{0,160}\bmore\s*(>|›|»)$",
        r"^(more|view all|see all)\b.{0,40}(>|›|»)$",
        r"^(view|see) all( [\w-]+){1,4}$",
        r"^(read|find out|see) more\b.{0,40}$",
        (
            r"^(skip to (main )?content|back to top|jump to navigation|main menu|"
            r"toggle navigation|menu|search this site|site search)$"
        ),
        r"^(home|news|council news|press releases?|latest news|news and media)(\s*[>›»/|]\s*[^>›»/|]{1,60})+$",
        r"^(latest|recent|top|all)(\s+[\w-]+){0,3}\s+news$",
        r"^issue\s*-\s*meetings$",
        (
            r"^(share|tweet|email|print)( on| via| to)?\s*(:)?\s*"
            r"(facebook|twitter|x|linkedin|whatsapp|email|print|this)?"
            r"(\s*[,|/]?\s*(facebook|twitter|x|linkedin|whatsapp|email|print|reddit))*$"
        ),
        r"^share( this)?( page| article| story)?\s*:?.{0,80}(facebook|twitter|linkedin|whatsapp).{0,40}$",
        r"^.{0,200}\b(we use|this (site|website) uses) cookies\b.{0,300}$",
        r"^(accept|reject|manage)( all)?( cookies| settings)?$",
        r"^(follow us on|like us on|sign up (to|for) our)\b.{0,120}$",
        r"^\d{1,2}/\d{1,2}/\d{2,4}\S.{0,200}$",  # a teaser headline glued to its date: "21/06/2019Peter Kyle MP: …"
        r"^(tags?|categories|filed under|topics?)\s*:.{0,200}$",
        r"^(last (updated|modified|reviewed)|page last updated)\b.{0,60}$",
        r"^page \d+( of \d+)?$",
        # news-page furniture: advertisement slots, sponsor labels, bylines, photo credits
        r"^(advertisement|advert|sponsored( content)?|supported by|(.{1,40} )?is sponsored by)$",
        r"^by:?\s+(?!the\b)[A-Z][\w.'’-]*(\s+(?:[A-Z][\w.'’-]*|de|van|von|da|and|&)){1,4}(,\s.{1,60})?$",
        r"^(by|from|source|credit|photo|image):$",
        (
            r"^(source|credit|picture|photograph):"
            r"\s+(supplied|getty( images)?|pa( media| wire)?|reuters|ap|afp|alamy|shutterstock)\b.{0,40}$"
        ),
        r"^a version of this (article|story) appears in print\b.{0,300}$",
        r"^(sign up|subscribe) (to|for) (our|the)\b.{0,40}\bnewsletters?\b.{0,120}$",
        r"^[\w ,&'’-]{1,40}\s(>|›|»)$",  # a breadcrumb item: "Councillors and committees >"
        r"^(pdf|docx?|xlsx?|odt|csv),\s*[\d.,]+\s*(kb|mb|bytes)(,\s*\d+\s+pages?)?$",  # GOV.UK attachment details
        r"^(having trouble viewing this (e-?mail|message)|view (it|this e-?mail) as a web ?page)\b.{0,80}$",
        (
            r"^(update your subscriptions|subscriber services|manage (your )?(preferences|subscriptions)|"
            r"unsubscribe)\b.{0,240}$"
        ),
        (
            r"^(p ?a ?g ?e|page)\s*\|?\s*\d+( of \d+)?$|"
            r"^\d+\s*\|\s*(p ?a ?g ?e|page)$"
        ),  # "P a g e | 1" (Word's page field)
    )
)

# A press office's contact line ("For media enquiries contact the press office on …", "Press
# contact:"): furniture, dropped, unless it or the line under it names someone ("Media contact:
# Olena Kovalenko, Press Officer"; "Press contacts" over "Olena Kovalenko"). The people of a
# contact block are people with posts; the text keeps them so their mentions have offsets.
CONTACT_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"^[•\-*\s]*for (media|press|further|more) (enquiries|information|details)\b.{0,200}$",
        r"^[•\-*\s]*(media|press) (contact|enquiries|office)\b.{0,200}$",
    )
)
# Two or three capitalised words, the last not the name of a team or an office: someone named.
_CONTACT_NAME = re.compile(
    r"(?<![\w'’-])(?!(?:The|Our|Press|Media|Communications|Corporate|News|Council|Office|Team)\b)"
    r"[A-Z][^\W\d_]+(?:[ ](?:[A-Z]\.?[ ])?[A-Z][^\W\d_'’-]*(?:[-'’][A-Z][^\W\d_]+)?){1,2}(?![\w'’-])"
)
CONTACT_NOT_NAME_WORDS = frozenset(
    "press media office team communications corporate news desk unit relations centre center department "
    "service services council enquiries enquiry information contact contacts officer manager".split()
)


def _names_someone(line: str) -> bool:
    for m in _CONTACT_NAME.finditer(line):
        words = [w.strip(".").lower() for w in m.group(0).split()]
        if not any(w in CONTACT_NOT_NAME_WORDS for w in words):
            return True
    return False


def _plain_line(line: str) -> bool:
    """A line no other rule cuts or drops."""
    return not any(p.match(line) for p in (*CUT_LINES, *LIST_HEADINGS, *DROP_LINES, *CONTACT_LINES))


def _contact_kept(line: str, rest: list[str]) -> bool:
    """A contact line stays when it, or the next line with text (one no rule drops), names someone."""
    cue_end = re.match(r"^[•\-*\s]*\w+ \w+", line)
    if _names_someone(line[cue_end.end() if cue_end else 0 :]):
        return True
    nxt = next((x for x in rest if x), "")
    return bool(nxt) and _plain_line(nxt) and len(nxt.split()) <= 8 and _names_someone(nxt)


STRIP_FRAGMENTS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"\s*(pdf|doc|docx|xls|xlsx)\s+icon\s+(pdf|doc|docx|xls|xlsx)\s+[\d.,]+\s*(kb|mb|bytes)\b",
        r"\s*\(?(pdf|doc|docx)\s*,?\s*[\d.,]+\s*(kb|mb)\)?(?=\s*$)",
        r"\s*(\.\.\.|…)?\s*view the full (minutes|decision|report) text for item\s*\w+",
        r"\s*\[?(click|tap) here (to|for) [^\].]{1,60}\]?",
    )
)

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_MANY_BLANKS = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """Unicode NFC, one kind of space and newline, no trailing spaces, at most one blank line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _MANY_BLANKS.sub("\n\n", text).strip()


def _strip_fragments(line: str) -> str:
    for pattern in STRIP_FRAGMENTS:
        line = pattern.sub("", line)
    return line.strip()


def clean(text: str) -> str:
    """Cleaned text: boilerplate lines dropped, trailers cut, fragments stripped, normalised."""
    lines = normalize(text).split("\n")
    kept: list[str] = []
    body_words = 0
    in_teasers = False
    for i, line in enumerate(lines):
        if not line:
            kept.append(line)
            continue
        if any(p.match(line) for p in CUT_LINES):
            break
        if any(p.match(line) for p in LIST_HEADINGS):
            if body_words >= MIN_BODY_WORDS:
                break
            in_teasers = True
            continue
        if in_teasers:
            if len(line.split()) < TEASER_MAX_WORDS:
                continue
            in_teasers = False
        if COMMENTS_HEADING.match(line) and any(COMMENT_BOX.search(x) for x in lines[i + 1 : i + 5]):
            break
        if any(p.match(line) for p in DROP_LINES):
            continue
        if any(p.match(line) for p in CONTACT_LINES) and not _contact_kept(line, lines[i + 1 :]):
            continue
        line = _strip_fragments(line)
        body_words += len(line.split())
        kept.append(line)
    return normalize("\n".join(kept))
