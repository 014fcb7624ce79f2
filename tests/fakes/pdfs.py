"""PDFs built in code, for the tests and bench/pdf.py: no binary fixtures, every byte visible here.

A small writer of PDF 1.4 (Helvetica, one `BT ... ET` per line, an xref table, an Info dictionary) and, on top
of it, the documents the reader must handle: articles flowed over pages with running headers and footers, a
table, two columns, no text layer, private-use glyphs, a page bomb, nested arrays, encrypted and truncated files.
"""

from __future__ import annotations

import io
import textwrap
import zlib
from dataclasses import dataclass, field
from functools import cache

from pypdf import PdfReader, PdfWriter

WIDTH, HEIGHT = 612, 792  # US Letter, in points
LEFT, TOP, BOTTOM = 72, 720, 72
LEADING = 14  # points between two lines of a paragraph
PARAGRAPH_GAP = 10  # extra points between paragraphs


@dataclass(frozen=True)
class Line:
    """One line of text at (x, y), in points from the bottom left, in font F1 (Helvetica) or F2 (private-use)."""

    text: str
    y: float
    x: float = LEFT
    size: float = 11
    font: str = "F1"


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    drawing: bytes = b""  # extra content-stream operators (rectangles, the document's images as /Im0, /Im1 ...)
    extra: bytes = b""  # extra entries for the page dictionary (raw PDF syntax)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def content_stream(page: Page) -> bytes:
    ops = [page.drawing] if page.drawing else []
    for line in page.lines:
        ops.append(b"BT /%s %g Tf %g %g Td (%s) Tj ET" % (line.font.encode(), line.size, line.x, line.y,
                                                         _escape(line.text)))
    return b"\n".join(ops)


_PUA_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /PUA def 1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <20> <7E> <E020> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"""


class _Writer:
    """Numbered objects in, a PDF with a correct xref table out."""

    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def reserve(self) -> int:
        return self.add(b"null")

    def set(self, number: int, body: bytes) -> None:
        self.objects[number - 1] = body

    def stream(self, data: bytes, extra: bytes = b"", compress: bool = False) -> int:
        if compress:
            data, extra = zlib.compress(data), extra + b" /Filter /FlateDecode"
        return self.add(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data))

    def render(self, root: int, info: int | None) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
        trailer = b"/Size %d /Root %d 0 R" % (len(self.objects) + 1, root)
        if info:
            trailer += b" /Info %d 0 R" % info
        out.write(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref))
        return out.getvalue()


def _pdf_string(text: str) -> bytes:
    return b"(" + _escape(text) + b")"


def build(pages: list[Page], info: dict[str, str] | None = None, images: list[bytes] | None = None,
          shared_content: bool = False, catalog_extra: bytes = b"", compress: bool = False) -> bytes:
    """The PDF of `pages`. `shared_content`: every page draws the first page's content (a bomb, built fast);
    `compress`: content streams deflated, as most PDFs have them."""
    w = _Writer()
    catalog, tree = w.reserve(), w.reserve()
    helvetica = w.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pua = w.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>"
                % w.stream(_PUA_CMAP))
    image_ids = [w.stream(data, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                                b"/BitsPerComponent 8" % (_side(data), _side(data)), compress=True)
                 for data in images or []]
    xobjects = b" ".join(b"/Im%d %d 0 R" % (i, n) for i, n in enumerate(image_ids))
    resources = w.add(b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << %s >> >>" % (helvetica, pua, xobjects))
    shared = w.stream(content_stream(pages[0]), compress=compress) if shared_content else None
    kids = []
    for page in pages:
        content = shared or w.stream(content_stream(page), compress=compress)
        kids.append(w.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %d 0 R /Contents %d 0 R%s >>"
                          % (tree, WIDTH, HEIGHT, resources, content, page.extra)))
    w.set(tree, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)))
    w.set(catalog, b"<< /Type /Catalog /Pages %d 0 R%s >>" % (tree, catalog_extra))
    info_id = None
    if info:
        info_id = w.add(b"<< %s >>" % b" ".join(b"/%s %s" % (k.encode(), _pdf_string(v)) for k, v in info.items()))
    return w.render(catalog, info_id)


def _side(data: bytes) -> int:
    return int(len(data) ** 0.5)


# --- documents ---------------------------------------------------------------------------------------------------

def flow(paragraphs: list[str], header: str | None = None, footer: str | None = None,
         page_number: str | None = "{n}", width: int = 85, indent: float = 0, gap: float = PARAGRAPH_GAP) -> list[Page]:
    """Paragraphs set in lines of `width` characters down as many pages as they need, with running furniture.

    `page_number` is a format ("{n}", "Page {n} of {total}", "- {n} -") or None; headers go at the top of the page,
    footers and page numbers at the bottom, as a word processor puts them. `indent` (first lines) and `gap`
    (between paragraphs) are the two ways paragraphs are told apart.
    """
    pages: list[list[Line]] = [[]]
    y = TOP
    for paragraph in paragraphs:
        lines = textwrap.wrap(paragraph, width)
        for i, text in enumerate(lines):
            if y < BOTTOM:
                pages.append([])
                y = TOP
            pages[-1].append(Line(text, y, LEFT + (indent if i == 0 else 0)))
            y -= LEADING
        y -= gap
    total = len(pages)
    out = []
    for n, lines in enumerate(pages, start=1):
        furniture = []
        if header:
            furniture.append(Line(header, 760, LEFT, 9))
        if footer:
            furniture.append(Line(footer, 40, LEFT, 9))
        if page_number:
            furniture.append(Line(page_number.format(n=n, total=total), 25, WIDTH / 2, 9))
        out.append(Page(furniture[:1] + lines + furniture[1:]))
    return out


PARAGRAPHS = [
    "The harbour authority said on Tuesday that the flood wall would cost 41 million pounds, nearly twice the "
    "figure given to councillors in 2024, according to documents released under freedom of information rules.",
    "Margaret Hale, who chairs the council's finance committee, said the rise reflected the price of steel and "
    "the decision to extend the wall north of the ferry terminal. \"We were told it would be cheaper,\" she said.",
    "Engineers at the authority estimated that four thousand homes would be protected once the wall was built, "
    "and that insurance premiums in the lower town could fall by a fifth within a decade of its completion.",
    "Residents of the old quarter have opposed the scheme since it was first proposed, arguing that the wall "
    "would cut the town off from its waterfront. A petition against it gathered more than 6,000 signatures.",
    "The authority's chief executive, Daniel Okafor, told the meeting that work would begin in the spring and "
    "that the contractors had agreed to keep the promenade open throughout the two years of construction.",
]


def report(pages: int = 3, header: str = "Westhaven Harbour Authority - Annual Report 2024",
           footer: str = "Confidential draft - not for circulation", page_number: str | None = "{n}",
           info: dict[str, str] | None = None, heading: str | None = None) -> bytes:
    """A report of `pages` pages, each with the running header, footer and page number given.

    Its paragraphs are `numbered(i)`; the last page may end in the middle of one.
    """
    per_page = 14  # more paragraphs than a page holds: every page is full
    paragraphs = [numbered(i) for i in range(pages * per_page)]
    laid = flow([heading, *paragraphs] if heading else paragraphs, header, footer, page_number)[:pages]
    return build(laid, info)


def numbered(i: int) -> str:
    """The report's paragraph i (0-based): one of PARAGRAPHS, numbered so each is told from its repeats."""
    return f"{i + 1}. {PARAGRAPHS[i % len(PARAGRAPHS)]}"


def one_page(lines: list[str], info: dict[str, str] | None = None, gap: float = LEADING) -> bytes:
    """One page of the given lines, `gap` points apart, no furniture."""
    return build([Page([Line(text, TOP - i * gap) for i, text in enumerate(lines)])], info)


def table() -> bytes:
    """A paragraph, then a table of three columns placed cell by cell, then a paragraph."""
    lines = [Line(t, TOP - i * LEADING) for i, t in enumerate(textwrap.wrap(PARAGRAPHS[0] + " " + PARAGRAPHS[1], 85))]
    y = TOP - 6 * LEADING
    rows = [("District", "Homes", "Cost"), ("Lower town", "2,100", "18.5m"), ("Old quarter", "1,300", "12.0m"),
            ("Ferry terminal", "600", "10.5m")]
    for row in rows:
        for col, cell in enumerate(row):
            lines.append(Line(cell, y, LEFT + col * 150))
        y -= LEADING
    lines += [Line(t, y - 20 - i * LEADING) for i, t in enumerate(textwrap.wrap(PARAGRAPHS[2], 85))]
    return build([Page(lines)])


def two_columns() -> bytes:
    """Two columns of text side by side, the left one written first."""
    lines = []
    for col, text in enumerate((PARAGRAPHS[0] + " " + PARAGRAPHS[1], PARAGRAPHS[2] + " " + PARAGRAPHS[3])):
        for i, t in enumerate(textwrap.wrap(text, 40)):
            lines.append(Line(t, TOP - i * LEADING, LEFT + col * 250, 10))
    return build([Page(lines)])


def no_text(pages: int = 2) -> bytes:
    """Pages with a filled rectangle and an image, as a scanner makes them: no text layer."""
    image = bytes(range(256)) * 256  # a 256 x 256 grey ramp
    rect = b"0.2 0.2 0.2 rg 72 72 468 648 re f q 468 0 0 648 72 72 cm /Im0 Do Q"
    return build([Page(drawing=rect) for _ in range(pages)], images=[image])


def stamped_scan(pages: int = 3) -> bytes:
    """A scanned court filing: no text layer but the stamp a court's system adds to every page."""
    return build([Page([Line("Case 24-cv-1093 Document 12 Filed 03/09/24", 760), Line(f"Page {n} of {pages}", 25)],
                       drawing=b"0.2 g 72 72 468 648 re f") for n in range(1, pages + 1)])


def images_only(size: int = 4_800_000) -> bytes:
    """About `size` bytes of incompressible images, no text."""
    import random

    rng = random.Random(19)
    count = 5
    side = int((size / count) ** 0.5)
    images = [rng.randbytes(side * side) for _ in range(count)]
    draws = b" ".join(b"q 100 0 0 100 %d 100 cm /Im%d Do Q" % (80 + i * 90, i) for i in range(count))
    return build([Page(drawing=draws)], images=images)


def inflating(size: int = 25_000_000) -> bytes:
    """A page whose deflated content stream (some tens of KB) inflates to `size` bytes of blanks."""
    return build([Page(one_page_lines(), drawing=b" " * size)], compress=True)


def private_use() -> bytes:
    """A page of text whose font maps every glyph to the private-use area, as some ligature-heavy PDFs do."""
    lines = [Line(t, TOP - i * LEADING, font="F2") for i, t in enumerate(textwrap.wrap(" ".join(PARAGRAPHS), 85))]
    return build([Page(lines)])


@cache
def page_bomb(pages: int = 5000) -> bytes:
    """`pages` pages sharing one content stream: small on disk, endless to read."""
    lines = [Line(t, TOP - i * LEADING) for i, t in enumerate(textwrap.wrap(" ".join(PARAGRAPHS), 85))]
    return build([Page(lines)] * pages, shared_content=True)


def nested(depth: int = 10_000, where: str = "page") -> bytes:
    """Arrays nested `depth` deep, in the page dictionary ("page") or as a content-stream operand ("content")."""
    array = b"[" * depth + b"]" * depth
    body = one_page_lines()
    if where == "page":
        return build([Page(body, extra=b" /Nested " + array)])
    return build([Page(body, drawing=array + b" pop")])


def one_page_lines() -> list[Line]:
    return [Line(t, TOP - i * LEADING) for i, t in enumerate(textwrap.wrap(" ".join(PARAGRAPHS), 85))]


def encrypted(data: bytes, user_password: str = "secret") -> bytes:
    """`data` encrypted with RC4 (pypdf's own, no extra package); "" makes a PDF anyone may open."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]
