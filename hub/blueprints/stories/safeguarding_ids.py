"""Safeguarding checker: identity, case and file numbers, and dates of birth.

An identifier is a token of capital letters and digits, possibly in groups joined by hyphens,
slashes, dots or (between digits) spaces, with at least one digit and six characters. It is
flagged when an identity word (passport, case file, cédula, CPF, ...) stands shortly before it
in the same sentence, or without one when python-stdnum recognises it as a national identifier
in its written form (a CPF "529.982.247-25", a RUT "12.345.678-5", a CURP, a Spanish DNI ...).
Never flagged: years and year ranges, dates, money, ISBN and DOI, and numbers right after
"article", "law", "decree" and similar words (statutes are public, not people).
"""

from __future__ import annotations

from functools import cache

import regex

_ID_WORDS = (
    # en
    r"passports?|national\s+id(?:entity)?(?:\s+card)?|id\s+card|id|identity\s+(?:card|document)"
    r"|case(?:\s+file)?|file|reference|ref\.|docket|fir|birth\s+certificate|registration|reg\."
    r"|complaint|police\s+report|social\s+security|ssn|aadhaar|nin|student\s+id|visa|permit"
    r"|residence\s+card|voter(?:'s)?\s+card|immigration\s+file|record"
    # fr
    r"|passeport|carte\s+d['’]identité(?:\s+nationale)?|cni|nina|dossier|affaire|plainte"
    r"|procès-verbal|pv|référence|réf\.|acte\s+de\s+naissance|matricule|rg|titre\s+de\s+séjour"
    r"|carte\s+consulaire|extrait\s+de\s+naissance|jugement\s+supplétif"
    # es
    r"|pasaporte|cédula(?:\s+de\s+identidad)?|dni|nie|curp|ine|rut|run|expediente|caso|causa"
    r"|carpeta\s+de\s+investigación|denuncia|folio|averiguación\s+previa"
    r"|documento\s+(?:nacional\s+)?de\s+identidad|partida\s+de\s+nacimiento|matrícula"
    r"|acta\s+de\s+nacimiento|registro\s+civil|tarjeta\s+de\s+identidad|carné|carnet|nit|dui"
    # pt
    r"|passaporte|cpf|rg|certidão\s+de\s+nascimento|processo|ocorrência|boletim\s+de\s+ocorrência"
    r"|bo|prontuário|cartão\s+de\s+cidadão|bilhete\s+de\s+identidade|registo|registro"
    r"|carteira\s+de\s+identidade|nuit|cadastro"
)
# The identity word, then at most a few words ("number", "reads", "porte le numéro", "n.º").
_CUE_BEFORE = regex.compile(
    rf"(?i)(?<![\p{{L}}])(?:{_ID_WORDS})(?![\p{{L}}])"
    r"(?:[^.!?;\n]|(?<=\b(?:no|nr|ref|reg|num|núm|n|nº|n°|º|o))\.|\.(?=\S)){0,40}$"
)
_STATUTE_BEFORE = regex.compile(
    r"(?i)(?<![\p{L}])(?:law|act|article|art\.|section|sec\.|decree|regulation|directive"
    r"|resolution|ordinance|code|convention|protocol|chapter|paragraph|rule|bill|isbn|issn|doi"
    r"|loi|décret|arrêté|ordonnance|règlement|résolution|chapitre|alinéa|paragraphe|circulaire"
    r"|ley|decreto|artículo|acuerdo|resolución|reglamento|norma|código|inciso|capítulo"
    r"|lei|artigo|portaria|resolução|decreto-lei|medida\s+provisória)"
    r"(?:\s+(?:n[°º.ºo]*\.?|no\.?|num\.?|núm\.?|number|numéro|número|nr\.?))?[\s:]*$"
)
_TOKEN = regex.compile(
    r"(?<![\p{L}\p{N}/.\-])[A-Z0-9](?:[A-Z0-9]|[\-/.](?=[A-Z0-9])|(?<=\d) (?=\d))*"
    r"(?![\p{L}\p{N}])"
)
_YEAR = r"(?:1[89]|20)\d\d"
_NOT_ID = regex.compile(
    rf"{_YEAR}(?:\s*[\-/–]\s*(?:{_YEAR}|\d\d))?"  # a year or a period "2019-2020", "2019/20"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"  # dates
    r"|\d{1,3}(?:[ .]\d{3})+(?:,\d+)?"  # 30 000, 1.500: amounts and counts
    r"|97[89][\-\d]{10,14}"  # ISBN-13
)
_MONEY_AROUND = regex.compile(
    r"(?i)(?:[$€£¥₹]|usd|eur|cfa|fcfa|xof|brl|r\$|mxn|pesos?|euros?|dollars?|dólares|reais"
    r"|francs?|rupees?|roupies|shillings?|naira|bahts?|soles|quetzales)\s*$"
)
_MONEY_AFTER = regex.compile(
    r"(?i)^\s*(?:[$€£¥₹%]|usd|eur|fcfa|cfa|euros?|dollars?|dólares|reais|pesos|francs?|rupees?"
    r"|shillings?|naira|bahts?|soles|quetzales|millions?|milhões|millones|mil|percent|per\s+cent"
    r"|pour\s+cent|por\s+ciento|por\s+cento|children|enfants|niños|crianças|people|personnes"
    r"|personas|pessoas|km|kilomet)"
)


@cache
def _validators():
    # National formats written with their separators, recognised without an identity word.
    from stdnum.br import cnpj, cpf
    from stdnum.cl import rut
    from stdnum.es import dni, nie
    from stdnum.in_ import aadhaar
    from stdnum.mx import curp

    return (
        (regex.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}"), cpf.is_valid),
        (regex.compile(r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}"), cnpj.is_valid),
        (regex.compile(r"\d{1,2}\.\d{3}\.\d{3}-[\dK]"), rut.is_valid),
        (regex.compile(r"\d{8}-?[A-Z]"), dni.is_valid),
        (regex.compile(r"[XYZ]-?\d{7}-?[A-Z]"), nie.is_valid),
        (regex.compile(r"[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d"), curp.is_valid),
        (regex.compile(r"[2-9]\d{3} \d{4} \d{4}"), aadhaar.is_valid),
    )


def _recognised(token: str) -> bool:
    for shape, valid in _validators():
        if shape.fullmatch(token):
            try:
                if valid(token):
                    return True
            except Exception:  # a validator that cannot parse a token only means "no"
                continue
    return False


def _find_ids(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _TOKEN.finditer(text):
        token, start, end = m.group(), m.start(), m.end()
        alnum = sum(ch.isalnum() for ch in token)
        if alnum < 6 or not any(ch.isdigit() for ch in token) or _NOT_ID.fullmatch(token):
            continue
        before = text[max(0, start - 60):start]
        if _STATUTE_BEFORE.search(before) or _MONEY_AROUND.search(before) \
                or _MONEY_AFTER.match(text[end:end + 20]):
            continue
        cue = _CUE_BEFORE.search(before)
        if cue is not None and not _STATUTE_BEFORE.search(before[cue.start():]):
            found.append(("id_number", max(0, start - 60) + cue.start(), end))
        elif _recognised(token):
            found.append(("id_number", start, end))
    return found


_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    r"|novembre|décembre|decembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro"
    r"|dezembro"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th|er|º|°)?\s+(?:de\s+)?(?:{_MONTHS})\.?(?:,?\s+(?:de\s+)?\d{{4}})?"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+(?:de\s+|of\s+)?\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})"
)
_DOB = regex.compile(
    rf"(?i)\b(?:born|date\s+of\s+birth|d\.?o\.?b\.?|birth\s*date|birthday|née?s?|date\s+de"
    r"\s+naissance|anniversaire|nacid[oa]s?|naci[óo]|fecha\s+de\s+nacimiento|f\.\s*de\s+nac\."
    r"|cumpleaños|nascid[oa]|nasceu|data\s+de\s+nascimento)"
    rf"(?:[^.;!?\n]{{0,40}}?)(?<![\p{{L}}\d])(?P<d>{_DATE})(?![\p{{L}}\d])"
)


def _find_dates_of_birth(text: str) -> list[tuple[str, int, int]]:
    return [("date_of_birth", m.start(), m.end("d")) for m in _DOB.finditer(text)]


def find_ids(text: str) -> list[tuple[str, int, int]]:
    """Identity, case and file numbers, and dates of birth, as (kind, start, end)."""
    return _find_ids(text) + _find_dates_of_birth(text)
