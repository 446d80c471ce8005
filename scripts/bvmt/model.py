"""Data types of the content model (design §4) and the fixed paths of the tree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

# Paths inside docs/ (the site map's fixed prefixes, design §3).
EXPLAINER_DIR = "huong-dan"
QA_DIR = "hoi-dap"
TOPICS_FILE = "_data/chu-de.yml"
REGISTRY_DIR = "_data/van-ban/"  # one or more YAML lists of legal documents
REGISTRY_PAGE = "tham-khao/van-ban-phap-luat.md"
GLOSSARY_PAGE = "tham-khao/thuat-ngu.md"
REVIEW_PAGE = "tham-khao/ra-soat-phap-ly.md"
ABBREVIATIONS_FILE = "includes/abbreviations.md"  # relative to the project root
OBLIGATIONS_FILE = "_data/nghia-vu.yml"  # rules of the obligations checker (site page and bot dialogue)
CHECKER_PAGE = "kiem-tra-nghia-vu.md"

# Limits of the content contract.
MAX_ANSWER_CHARS = 600  # a short answer must fit in a chat bubble
MIN_QUESTIONS = 10  # phrasings per Q&A entry
MAX_QUESTION_CHARS = 400

# Sections every explainer has (design §4); "Căn cứ pháp lý" and the review date
# are rendered from the front matter.
EXPLAINER_SECTIONS = (
    "Ai phải thực hiện",
    "Cần làm gì",
    "Thời hạn",
    "Hồ sơ, biểu mẫu",
    "Cơ quan tiếp nhận",
    "Nếu không thực hiện",
)

# Registry status values: documents that may be cited as current basis, and those that may not.
CURRENT_STATUSES = ("in_force", "amended", "reference")
SUPERSEDED_STATUSES = ("replaced", "expired", "ended")
UNCONFIRMED_STATUS = "unconfirmed"  # existence or effect not confirmed: may be mentioned, never cited as basis
STATUSES = CURRENT_STATUSES + SUPERSEDED_STATUSES + (UNCONFIRMED_STATUS,)
STATUS_LABELS = {
    "in_force": "Còn hiệu lực",
    "amended": "Còn hiệu lực, đã được sửa đổi",
    "reference": "Văn bản hợp nhất / tham khảo",
    "replaced": "Đã bị thay thế",
    "expired": "Hết hiệu lực",
    "ended": "Đã hết thời kỳ thực hiện",
    "unconfirmed": "Chưa xác nhận (không dùng làm căn cứ)",
}


@dataclass(frozen=True)
class Problem:
    """One content problem, phrased for editors (Vietnamese)."""

    file: str
    field: str
    message: str
    fix: str
    code: str

    def render(self) -> str:
        where = f"{self.file}" + (f" — trường «{self.field}»" if self.field else "")
        return f"{where}: {self.message}\n    → Cách sửa: {self.fix}"


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    summary: str


@dataclass(frozen=True)
class LegalDoc:
    id: str
    number: str
    title: str
    kind: str
    issued: Optional[dt.date]
    effective: Optional[dt.date]
    status: str
    amended_by: Tuple[str, ...]
    replaced_by: Optional[str]
    certainty: str
    link: str
    official_link: bool
    note: str
    source: str = ""  # registry file (docs/-relative) that declares it

    @property
    def label(self) -> str:
        return f"{self.kind} {self.number}"


@dataclass(frozen=True)
class Citation:
    doc: str  # document number as written, e.g. "08/2022/NĐ-CP"
    where: str  # clause-level location, e.g. "khoản 3 Điều 49"


@dataclass
class Page:
    """A Markdown page of docs/ with its front matter."""

    path: str  # relative to docs/, posix
    meta: Dict
    body: str

    @property
    def url(self) -> str:
        stem = self.path[:-3]
        if stem == "index":
            return "/"
        if stem.endswith("/index"):
            return "/" + stem[: -len("index")]
        return "/" + stem + "/"

    @property
    def kind(self) -> str:
        parts = self.path.split("/")
        if parts[0] == EXPLAINER_DIR and len(parts) == 2 and parts[1] != "index.md":
            return "explainer"
        if parts[0] == QA_DIR and len(parts) == 3:
            return "qa_index" if parts[2] == "index.md" else "qa"
        return "page"


@dataclass(frozen=True)
class Abbreviation:
    abbr: str
    expansion: str


@dataclass
class Content:
    topics: List[Topic] = field(default_factory=list)
    registry: List[LegalDoc] = field(default_factory=list)
    pages: List[Page] = field(default_factory=list)
    abbreviations: List[Abbreviation] = field(default_factory=list)
    obligation_rules: Optional[Dict] = None  # OBLIGATIONS_FILE, checked by bvmt.rules_check

    def topic(self, slug: str) -> Optional[Topic]:
        return next((t for t in self.topics if t.slug == slug), None)

    def pages_of(self, kind: str) -> List[Page]:
        return [p for p in self.pages if p.kind == kind]


@dataclass(frozen=True)
class RawTree:
    """Everything the pipeline reads, as text keyed by path (docs/-relative,
    except the abbreviations file which is project-relative)."""

    files: Dict[str, str]
    undecodable: Tuple[str, ...] = ()
