"""Plain words in the Chinese pages (issue 30, item 5): the page's own text — labels, headings, buttons, messages,
placeholders, accessible names — holds no ASCII identifier and no English word, but for the few that are proper.

Chrome and user data are told apart by the markup: whatever a person typed or named (a username, an organisation's or
a key's name, a need's words, an email, an address) is rendered inside an element marked ``translate="no"`` — HTML's
own way of saying "this is a name or data, not the page's language" — and the scan skips it. Everything else the
browser shows, and the ``placeholder``, ``aria-label``, ``title`` and ``alt`` of elements outside such marks, is the
templates' text and is scanned. A closed fold (``<details>``) is not shown, so it is not scanned: the admins' "技术细节"
and a report's "附录：计算依据" may hold the calculation's particulars.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page

# Each entry is proper in a Chinese page, with the reason it is.
ALLOWED: dict[str, str] = {
    "CMA": "检验检测机构资质认定 mark: printed as CMA on every certificate; qualifications are named by it",
    "CNAS": "中国合格评定国家认可委员会 accreditation: its own name, as printed on reports",
    "CAL": "the metrology certification mark (计量认证), as printed",
    "GB": "the national standards' designation (GB 38031), part of a standard's number",
    "GB/T": "the recommended national standards' designation (GB/T 31485), part of a standard's number",
    "ISO": "an international standard's designation (ISO/IEC 17025), part of its number",
    "IEC": "an international standard's designation (ISO/IEC 17025), part of its number",
    "ISO/IEC": "a joint international standard's designation, part of its number",
    "innodock": "the product's name, a proper name like a company's",
    "API": "'API 密钥': how integrators (an ERP, a website) call the machine interface; the term is used untranslated "
           "in Chinese software, and the API's own documentation is linked by it",
    "English": "the language switch names the language it switches to in that language, so its readers find it",
    "Enter": "a key's name, as printed on the keyboard ('Enter 发送')",
    "Shift": "a key's name, as printed on the keyboard ('Shift+Enter 换行')",
    "PDF": "a file format's name, as the file is called; there is no Chinese word for it",
    "JSON": "the format the indicator-values file is written in (a file format's name, as PDF)",
    "Excel": "the spreadsheet program the dashboard's workbook opens in: a product's name",
    "KB": "the unit of a file's size, as file managers show it",
    "MB": "the unit of a file's size, as file managers show it",
    "T1": "the evaluation standard's own symbol for its first first-level indicator (T1–T4, seed 001 §5.2.5)",
    "T2": "the standard's symbol for the second first-level indicator",
    "T3": "the standard's symbol for the third first-level indicator",
    "T4": "the standard's symbol for the fourth first-level indicator",
}
# The file-name endings an attachment may have, as they appear in the files' own names (the list a form accepts).
FILE_ENDINGS = frozenset({"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv", "txt", "jpg", "jpeg", "png",
                          "zip", "jsonl", "json"})
# Units of measurement, written as SI writes them in Chinese text too.
UNITS = frozenset({"mm", "cm", "m", "km", "kg", "g", "t", "V", "kV", "mV", "A", "mA", "Ah", "mAh", "W", "kW", "kWh",
                   "MWh", "Wh", "Hz", "kHz", "MHz", "Pa", "kPa", "MPa", "N", "J", "s", "min", "h", "ms", "dB", "lx",
                   "ppm", "L", "mL", "K"})
# A standard's number after its designation: "GB/T 31485", "ISO/IEC 17025", "T/CAQI 123".
STANDARD = re.compile(r"\b(?:GB/T|GB/Z|GB|ISO/IEC|ISO|IEC|JJF|JJG|T/[A-Z]+)\s*[0-9][0-9.\-—]*")
# A web address (an example of what to type, an allowed origin): it is what it is in any language.
ADDRESS = re.compile(r"\bhttps?://[^\s，。；、）)]+")
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*(?:[./:\-][A-Za-z0-9_]+)*")

# The page's own visible text and accessible names, outside anything marked translate="no".
CHROME_JS = """() => {
  const skip = 'script,style,noscript,template,[translate="no"]';
  const shown = (el) => el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(skip)) continue;
    const select = el.closest('select');
    if (!shown(select || el)) continue;
    const text = n.textContent.trim();
    if (text) out.push(text);
  }
  for (const el of document.body.querySelectorAll('[placeholder],[aria-label],[title],img[alt],input[type=submit]')) {
    if (el.closest(skip)) continue;
    for (const a of ['placeholder', 'aria-label', 'title', 'alt']) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
    if (el.matches('input[type=submit]') && el.value) out.push(el.value);
  }
  return out;
}"""


def english_words(text: str) -> list[str]:
    """The ASCII words of a text that are neither on the allow-list nor a unit nor part of a standard's number."""
    text = STANDARD.sub(" ", ADDRESS.sub(" ", text))
    return [w for w in WORD.findall(text) if w not in ALLOWED and w not in UNITS and w not in FILE_ENDINGS]


def chrome_texts(page: Page) -> list[str]:
    texts: list[str] = page.evaluate(CHROME_JS)
    return texts


def english_in_chrome(page: Page) -> list[str]:
    """Every English word or identifier in the page's own Chinese text (sorted, once each)."""
    return sorted({w for text in chrome_texts(page) for w in english_words(text)})
