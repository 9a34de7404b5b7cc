"""Safeguarding checker: people's names (given-name lists, cues around the name, pseudonyms)."""

from __future__ import annotations

import bisect

import regex

from .safeguarding_text import (
    _BARE_AGE,
    _CAP,
    _LOC_WORDS,
    _ambiguous_names,
    _clean_word,
    _given_names,
    _is_stop,
    _same_sentence,
)

_REL = (
    r"brother|sister|son|daughter|mother|father|mum|mom|mummy|dad|aunt|auntie|uncle|cousin"
    r"|grandmother|grandfather|grandma|grandpa|granny|niece|nephew|stepfather|stepmother"
    r"|stepdaughter|stepson|husband|wife|boyfriend|girlfriend|friend|neighbou?r|girl|boy|baby"
    r"|little|young|teenager|sibling|twin|guardian|caregiver|cousine"
    r"|frère|sœur|soeur|fils|fille|mère|père|maman|papa|tante|oncle|grand-mère|grand-père"
    r"|beau-père|belle-mère|petite|petit|jeune|amie|ami|voisine|voisin|mari|copain|copine"
    r"|nièce|neveu|bébé|fillette|garçon|tuteur|tutrice"
    r"|hermana|hermano|hija|hijo|madre|padre|mamá|papá|tía|tío|prima|primo|abuela|abuelo"
    r"|padrastro|madrastra|pequeña|pequeño|niña|niño|chica|chico|joven|amiga|amigo|vecina"
    r"|vecino|novio|novia|esposo|esposa|sobrina|sobrino|bebé|adolescente|muchacha|muchacho"
    r"|irmã|irmão|filha|filho|menina|menino|mãe|pai|avó|avô|tia|tio|prima|primo|madrasta"
    r"|padrasto|vizinha|vizinho|amiga|amigo|namorado|namorada|marido|esposa|sobrinha|sobrinho"
    r"|bebê|garota|garoto|rapaz|moça|enteada|enteado|caçula"
)
_REL_MOD = (
    r"older|younger|elder|eldest|big|little|baby|twin|half|step|late|best|aînée?|cadette?"
    r"|grande?|petite?|mayor|menor|pequeña|pequeño|mejor|querida|querido|chère|cher"
    r"|mais\s+velh[ao]|mais\s+nov[ao]|caçula|querid[ao]"
)
_REL_BEFORE = regex.compile(rf"(?i)\b(?:{_REL})\b(?:\s+(?:{_REL_MOD}))?,?\s+$")
_NAMED_BEFORE = regex.compile(
    r"(?i)\b(?:named|called|known\s+as|nicknamed|name\s+is|nommée?|appelée?|prénommée?"
    r"|surnommée?|s['’]appelle|s['’]appelait|se\s+llama|se\s+llamaba|llamad[oa]|de\s+nombre"
    r"|apodad[oa]|conocid[oa]\s+como|chamad[oa]|le\s+dicen|la\s+llaman|lo\s+llaman"
    r"|l['’]appelle|chamam\s+de|o\s+chamam\s+de|a\s+chamam\s+de|calls\s+(?:him|her)"
    r"|conhecid[oa]\s+como|apelidad[oa]|dit|dite)\s+$"
)
_REL_AFTER = regex.compile(
    rf"(?i)^,?\s+(?:her|his|their|my|our|sa|son|ses|leur|su|sus|mi|la|le|el|the)\s+"
    rf"(?:(?:{_REL_MOD})\s+)?(?:{_REL})\b"
)
_AGE_WORDS = (
    r"\d{1,2}|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|nine|ten|eight|seven"
    r"|onze|douze|treize|quatorze|quinze|seize|dix-sept|once|doce|trece|catorce|quince|dieciséis"
    r"|diecisiete|doze|treze|catorze|quatorze|dezesseis|dezasseis|dezessete|dezassete"
)
_AGE_VERB_AFTER = regex.compile(
    r"(?i)^,?\s+(?:(?:who\s+)?(?:was|is|had\s+just\s+turned|turned|qui\s+a|qui\s+avait|avait|a"
    r"|tenía|tiene|cumplió|que\s+tenía|que\s+tiene|tinha|tem|que\s+tinha|que\s+tem|completou)"
    r"\s+(?:only\s+|just\s+|seulement\s+|à\s+peine\s+|apenas\s+|solo\s+|só\s+)?"
    rf"(?:{_AGE_WORDS})|(?:aged\s+|âgée?\s+de\s+)?\d{{1,2}})\b(?![.,]\d)"
    r"(?!\s*(?:%|percent|per\s+cent|times|km|kilo|hours|days|weeks|months|miles|minutes|heures"
    r"|jours|mois|horas|días|meses|dias))"
)
_PSEUDONYM_AFTER = regex.compile(
    r"(?i)^\*|^\s*[(\[,]\s*(?:not\s+(?:her|his|their)\s+real\s+name|name\s+changed|a\s+pseudonym"
    r"|pseudonym|whose\s+name\s+(?:we\s+)?(?:have\s+)?changed|whose\s+name\s+has\s+been\s+changed"
    r"|prénom\s+modifié|nom\s+modifié|prénom\s+d['’]emprunt|nom\s+d['’]emprunt|prénom\s+changé"
    r"|dont\s+(?:le\s+)?(?:pré)?nom\s+a\s+été\s+(?:changé|modifié)|pseudonyme"
    r"|(?:ce\s+n['’]est\s+)?pas\s+son\s+vrai\s+(?:pré)?nom"
    r"|nombre\s+ficticio|nombre\s+cambiado|nombre\s+modificado|seudónimo|nombre\s+supuesto"
    r"|no\s+es\s+su\s+nombre\s+real|cuyo\s+nombre\s+(?:hemos\s+)?cambiado"
    r"|nome\s+fictício|nome\s+alterado|nome\s+trocado|pseudônimo|não\s+é\s+o\s+(?:seu\s+)?nome"
    r"\s+verdadeiro)"
)
_HONORIFIC = regex.compile(
    rf"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Mme|Mlle|Sr|Sra|Srta|Dra|Don|Doña|Dona|Señor|Señora|Señorita"
    rf"|Monsieur|Madame|Mademoiselle|Mama|Maman|Mamá|Papa|Baba|Tía|Tio|Tío|Tia|Seu|Sr\.ª"
    rf"|(?<![\p{{L}}])(?:don|doña|dona|seu|dom|mama|maman|tata|tonton|tantine))\b\.?\s+"
    rf"(?P<n>{_CAP}(?:\s+{_CAP}){{0,2}})"
    rf"|(?<![\p{{L}}.])M\.\s+(?P<n>{_CAP}(?:\s+{_CAP}){{0,2}})"
)
_INSIDE_PLACE = regex.compile(
    rf"(?:\b(?:San|Santa|Santo|São|Saint|Sainte|St\.?|Ste\.?|Sta\.?)[\s\-]+"
    rf"|(?i:\b(?:{_LOC_WORDS}))\s+(?:(?i:of|de|d'|d’|del|du|do|da)\s+)?(?:(?:La|El|Los|Las|Le|Les)\s+)?"
    rf"(?:{_CAP}\s+){{0,2}}"
    rf"|\b(?:La|El|Los|Las|Le|Les)\s+)$"
)
_CAPWORD = regex.compile(rf"(?<![\p{{L}}\p{{M}}'’\-]){_CAP}")
_NEXT_CAP = regex.compile(rf"^\s+({_CAP})")
_PREV_CAP = regex.compile(rf"(?<![.!?:;]\s*|^){_CAP}\s+$")
_DIMINUTIVE = regex.compile(r"(?i)^(\p{L}{2,}?)(?:cito|cita|ito|ita|itos|itas|illo|illa|inho|inha"
                            r"|zinho|zinha|ou|ette|ounette)$")
_REDUPLICATED = regex.compile(r"(?i)^(\p{L}{1,3})\1$")
_SAINT = regex.compile(r"(?i)^(?:saint|sainte|san|santa|santo|são|st|ste|notre|nossa|nuestra)$")
_LITTLE = regex.compile(
    r"(?i)(?:little|young|petite?|jeune|pequeñ[ao]|joven|girl|boy|baby|bébé|bebé|niñ[ao]|chic[ao]"
    r"|garçon|fillette)\b"
)


def _extend_name(text: str, end: int) -> int:
    # "Juan Pérez" or "Aïcha Diallo": take up to two following capitalised words as surnames.
    for _ in range(2):
        m = _NEXT_CAP.match(text[end:end + 40])
        if not m or _is_stop(m.group(1)):
            break
        end += m.end()
    return end


def _trim_name(text: str, start: int, end: int) -> int:
    # Drop trailing stop words ("Mr. Smith In ..." -> "Mr. Smith").
    words = list(regex.finditer(r"\S+", text[start:end]))
    while len(words) > 1 and _is_stop(words[-1].group()):
        words.pop()
    return start + words[-1].end()


def _listed(word: str, names: frozenset[str]) -> bool:
    parts = [p for p in regex.split(r"[\-’']", word) if p]
    if not parts or _SAINT.match(parts[0]):
        return False  # "Saint-Louis", "San-Pédro": places
    if any(_clean_word(p) in names for p in parts):
        return True
    # Nicknames: "Jojo", "Titi"; diminutives of a listed name: "Pedrinho", "Lupita".
    if len(parts) == 1 and _REDUPLICATED.match(word):
        return True
    m = _DIMINUTIVE.match(word)
    return bool(m) and any(_clean_word(m.group(1) + tail) in names for tail in ("", "o", "a", "e"))


def _age_near(text: str, start: int, end: int, age_starts: list[int], age_ends: list[int]) -> bool:
    # An exact age up to 40 characters after the name or 25 before it, in the same sentence.
    i = bisect.bisect_left(age_starts, end)
    if i < len(age_starts) and age_starts[i] - end <= 40 \
            and _same_sentence(text, end, age_starts[i]):
        return True
    j = bisect.bisect_right(age_ends, start) - 1
    return j >= 0 and start - age_ends[j] <= 25 and _same_sentence(text, age_ends[j], start)


def _find_names(text: str, ages: list[tuple[int, int]]) -> list[tuple]:
    found: list[tuple] = []
    names, ambiguous = _given_names(), _ambiguous_names()
    for m in _HONORIFIC.finditer(text):
        if not _is_stop(m.group("n").split()[0]):
            found.append(("person_name", m.start(), _trim_name(text, m.start(), m.end())))
    age_starts = [s for s, _ in ages]
    age_ends = sorted(e for _, e in ages)
    for m in _CAPWORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if _is_stop(word) or (word.isupper() and len(word) > 1):
            continue  # acronyms: "NINA", "ECPAT"
        before = text[max(0, start - 40):start]
        known = _listed(word, names) or _clean_word(word) in ambiguous
        if _NAMED_BEFORE.search(before):
            cue = True
        elif not known:
            # An unlisted word after a kinship word ("her brother Kofi") is still very likely
            # a name, but not after "young"/"little"/"petite", which precede nationalities too.
            rel = _REL_BEFORE.search(before)
            cue = bool(rel) and not _LITTLE.match(rel.group()) and not regex.search(
                r"(?:ese|ian|ish|ais|aise|ois|oise|eño|eña|ano|ana)$", word)
        else:
            cue = None
        if cue is False or _INSIDE_PLACE.search(before):
            continue  # "San Pedro", "la aldea Rosario": part of a place name, not a person
        full_end = _extend_name(text, end)
        after = text[full_end:full_end + 60]
        hint = "pseudonym" if _PSEUDONYM_AFTER.match(text[end:end + 60]) or _PSEUDONYM_AFTER.match(
            after) else ""
        if cue is None and (full_end > end or _PREV_CAP.search(before)
                            or _clean_word(word) in ambiguous):
            # A full name ("Nelson Mandela"), a surname, or a name that is also a word or a place:
            # only with a cue around it.
            cue = bool(_REL_BEFORE.search(before) or _REL_AFTER.match(after) or hint
                       or _BARE_AGE.match(after) or _AGE_VERB_AFTER.match(after)
                       or _age_near(text, start, full_end, age_starts, age_ends))
        elif cue is None:
            cue = True  # a listed first name standing alone is a name wherever it stands
        if cue:
            found.append(("person_name", start, full_end, hint))
    return found


def find_names(text: str, ages: list[tuple[int, int]]) -> list[tuple]:
    """People's names as (kind, start, end, hint); hint "pseudonym" for a declared pseudonym."""
    return _find_names(text, ages)
