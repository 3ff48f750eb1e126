"""Write a folder of hostile raw files, and what the build must make of each.

``write_hostile(folder)`` fills ``folder`` with one file per kind of bad input
(empty, binary, wrong encodings, broken or malicious metadata, impossible and
future dates, chrome-only pages, duplicates, awkward names, subfolders, a
manifest that disagrees with the folder, unreadable entries) and returns
:class:`Expect` records: whether the file must become a release or be
rejected, and which problem codes it must carry.

Every release body here is distinct and long enough to be a release, so that
only the hostile property under test decides the outcome.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

#: Real pages of the corpus that hold only site chrome.
CHROME_ONLY = (
    "cheshire-2024-10-anti-slavery-week.txt",
    "gmp-2022-11-spot-the-signs.txt",
    "glaa-2018-01-glaa-joins-met-on-car-wash-raid.txt",
)

#: A name with spaces and non-ASCII letters, and one in decomposed (NFD) form.
SPACED_NAME = "beds 2021 ten arrested in Luton – Zoë’s café.txt"
NFD_NAME = unicodedata.normalize("NFD", "raid-à-Bradford-café.txt")


@dataclass(frozen=True)
class Expect:
    """What the build must do with one raw file."""

    release: bool  # True: a row of releases; False: rejected (an error in problems)
    codes: frozenset[str] = field(default_factory=frozenset)  # problem codes the file must carry


def body(tag: str, *, quote: str = '"') -> str:
    """A distinct release body of a few sentences, naming ``tag``."""
    open_q, close_q = ("“", "”") if quote == "curly" else (quote, quote)
    return (
        f"Officers investigating modern slavery in {tag} arrested three men on Tuesday after warrants "
        f"were executed at two addresses in the town.\n"
        f"Four women were safeguarded and taken to a place of safety, police said in a statement "
        f"about the case known as {tag}.\n"
        f"Detective Inspector Jane Smith said: {open_q}We will not tolerate exploitation in our "
        f"communities and we thank everyone who came forward.{close_q}\n"
        f"Anyone with information about {tag} should call the Modern Slavery Helpline on 08000 121 700.\n"
    )


def metadata(fields: str, text: str) -> str:
    return f"```yaml\n{fields.strip()}\n```\n{text}"


def png_bytes() -> bytes:
    """A tiny real PNG (1x1 pixel)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def write_hostile(folder: Path, *, pwned: Path, unreadable: bool = True) -> dict[str, Expect]:
    """Fill ``folder`` with hostile raw files; return the expectation per file.

    ``pwned`` is a path that a malicious YAML tag tries to create (it must
    still not exist after the build). ``unreadable`` adds a ``chmod 000`` file
    (pointless as root, who can read it anyway).
    """
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, Expect] = {}

    def put(name: str, data: bytes | str, release: bool, *codes: str) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = Expect(release, frozenset(codes))

    # -- not text at all: rejected
    put("empty.txt", b"", False, "empty_file")
    put("whitespace-only.txt", b"  \n\t\r\n   \n", False, "empty_file")
    put("photo.png", png_bytes(), False, "unsupported_format")
    put("photo-named-as-text.txt", png_bytes(), False, "binary_content")
    put("nul-bytes.txt", body("Nulltown").encode() + b"\x00\x00\x00" + body("Nulltown").encode(), False, "binary_content")
    put("bom-only.txt", b"\xef\xbb\xbf \n", False, "empty_file")

    # -- encodings: releases with a warning or an info repair
    put(
        "invalid-utf8.txt",
        body("Badbyteford", quote="curly").encode("utf-8").replace(b"three men", b"three \xff men"),
        True,
        "invalid_utf8",
    )
    put("bom.txt", b"\xef\xbb\xbf" + body("Bomchester").encode(), True, "utf8_bom")
    put(
        "cp1252.txt",
        (body("Winford", quote="curly") + "The suspects’ vehicles were seized.\n").encode("cp1252"),
        True,
        "decoded_cp1252",
    )
    put("crlf.txt", body("Crlfton").replace("\n", "\r\n").encode(), True, "crlf_line_endings")
    put("utf16.txt", body("Sixteenham").encode("utf-16"), True, "decoded_utf16")
    put("control-chars.txt", body("Bellvale").replace("Tuesday", "Tues\x07day\x1b"), True, "control_characters")

    # -- metadata blocks
    put("bad-yaml.txt", metadata("title: [unclosed\nurl: https://x.police.uk/a", body("Yamlbury")), True, "invalid_metadata")
    put(
        "yaml-python-tag.txt",
        metadata(
            f'title: Innocent\nurl: !!python/object/apply:os.system ["touch {pwned}"]',
            body("Tagsworth"),
        ),
        True,
        "unsafe_metadata",
    )
    put(
        "yaml-python-name.txt",
        metadata(f'title: !!python/object/new:os.system ["touch {pwned}"]', body("Namesworth")),
        True,
        "unsafe_metadata",
    )
    put(
        "yaml-alias-bomb.txt",
        metadata(
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
            "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
            "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
            "h: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
            "title: Alias bomb",
            body("Laughton"),
        ),
        True,
    )
    put("yaml-recursive.txt", metadata("a: &a {b: *a}\ntitle: Recursive", body("Loopham")), True)
    put("yaml-not-mapping.txt", metadata("- just\n- a list", body("Listwich")), True, "invalid_metadata")
    # a field releasekit reads that holds a mapping or a nested list: a warning, not a silent null (new-user trial)
    put("yaml-title-mapping.txt", metadata("title: {en: Hello, cy: Helo}", body("Mapton")), True, "invalid_metadata")
    put("yaml-title-nested.txt", metadata("title: [[a, b]]\nurl: https://x.police.uk/nested", body("Nestbury")), True, "invalid_metadata")

    # -- dates
    put("date-feb-31.txt", metadata("title: Feb 31\npublish.date: 31 February 2020", body("Febford")), True, "bad_date")
    put("date-iso-feb-31.txt", metadata("title: Iso Feb 31\npublish.date: 2020-02-31", body("Isoford")), True, "bad_date")
    put("date-not-a-date.txt", metadata("title: TBC\npublish.date: to be confirmed", body("Tbcford")), True, "bad_date")
    put("date-far-future.txt", metadata("title: Far future\npublish.date: 1 January 2099", body("Futureton")), True, "future_date")
    put(
        "date-after-capture.txt",
        "Current timestamp: 05/02/2023 14:54:24\nArrests after Capture raid\n19/07/2024\n" + body("Capturebury"),
        True,
        "future_date",
    )
    put(
        "date-before-capture.txt",
        "Current timestamp: 05/02/2023 14:54:24\nArrests after Precapture raid\n19/07/2022\n" + body("Precapture"),
        True,
    )

    # -- chrome only (real captures) and metadata only: rejected
    for name in CHROME_ONLY:
        put(name, (RAW / name).read_bytes(), False, "no_release_text")
    put("metadata-only.txt", metadata("title: Nothing else\nurl: https://x.police.uk/b", ""), False, "no_release_text")

    # -- duplicates: same text under two names, same URL under two names
    dup = metadata("title: Duplicate\nurl: https://www.dup.police.uk/news/raid/", body("Dupton"))
    put("dup-a.txt", dup, True)
    put("dup-b copy.txt", dup, True, "duplicate_release")
    put("url-a.txt", metadata("title: Same URL\nurl: https://www.same.police.uk/news/raid/", body("Urlham one")), True)
    put("url-b.txt", metadata("title: Same URL\nurl: http://same.police.uk/news/raid", body("Urlham two")), True, "duplicate_release")

    # -- names and folders
    put(SPACED_NAME, body("Spaceton"), True)
    put(NFD_NAME, body("Bradford"), True)
    put("sub/dir/nested.txt", body("Nestleigh"), True)
    put(".hidden.txt", body("Hiddenham"), True)
    put("unlisted.txt", body("Unlistville"), True, "not_in_manifest")

    # -- files that are not releases, whatever they hold: rejected, never read
    # (each of these bodies would add three arrests if it were read)
    put("notes.md", body("Notesby"), False, "unsupported_format")
    put("r1.txt~", body("Tildeham"), False, "unsupported_format")
    # exports are read record by record; these two hold no record with text
    put("export.csv", "release_id,arrested\nx,3\n" + body("Csvton"), False, "no_text_field")  # a table of figures, not releases
    put("export.json", '{"body": "' + body("Jsonby").replace("\n", " ") + '"}', False, "export_unreadable")  # an object, not a list
    put("no-suffix", body("Suffixless"), False, "unsupported_format")
    put("sub/r2.TXT.bak", body("Backupford"), False, "unsupported_format")
    # -- a release in Markdown (metadata block) is read; the suffix's case does not matter
    put("markdown-release.md", metadata("title: In Markdown", body("Markdownham")), True)
    put("SHOUTING.TXT", body("Capitalton"), True)
    # -- names that give one release_id: the first keeps it, the others are errors
    # (sorted by code point, "Collide.TXT" comes first)
    put("Collide.TXT", body("Collideford one"), True)
    put("collide.txt", body("Collideford two"), False, "release_id_collision")

    # -- entries that cannot be read: rejected
    os.symlink(folder / "no-such-target.txt", folder / "broken-link.txt")
    expect["broken-link.txt"] = Expect(False, frozenset({"unreadable_file"}))
    os.mkfifo(folder / "named-pipe.txt")
    expect["named-pipe.txt"] = Expect(False, frozenset({"unreadable_file"}))
    if unreadable:
        put("no-permission.txt", body("Lockton"), False, "unreadable_file")
        os.chmod(folder / "no-permission.txt", 0)

    # -- manifest: every file but one, plus a row for a file that is not there
    rows = ["file,url,publisher,published,truncated"]
    for name in sorted(expect):
        if name == "unlisted.txt":
            continue
        listed = Path(name).name if "/" in name else name
        quoted = f'"{listed}"' if "," in listed else listed
        rows.append(f"{quoted},,Test Police,,false")
    rows.append("missing-from-folder.txt,https://x.police.uk/missing,Test Police,2020-01-01,false")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return expect


def remove_tree(folder: Path) -> None:
    """Remove a hostile folder (restoring permissions first)."""
    for path in folder.rglob("*"):
        if not path.is_symlink() and path.exists():
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder, ignore_errors=True)
