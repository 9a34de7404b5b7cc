"""Synthetic library for the demo: ~600 resources in ten regions and seven languages.

Titles and bodies are assembled from per-theme phrase banks, so a search for a theme's words
ranks the resources about that theme first (and the thesaurus links the languages).
"""

from __future__ import annotations

import random
from datetime import date

# theme slug -> language -> noun phrases about it
PHRASES = {
    "ocse": {
        "en": ["online child sexual exploitation", "grooming on social media",
               "live streaming of child sexual abuse", "child sexual abuse material",
               "sextortion of teenagers", "platform reporting and takedown"],
        "fr": ["exploitation sexuelle des enfants en ligne", "pédopiégeage sur les réseaux sociaux",
               "diffusion en direct d'abus sexuels", "matériel d'abus sexuels d'enfants",
               "sextorsion des adolescents"],
        "es": ["explotación sexual infantil en línea", "grooming en redes sociales",
               "transmisión en vivo de abuso sexual", "material de abuso sexual infantil",
               "sextorsión de adolescentes"],
        "pt": ["exploração sexual infantil online", "aliciamento nas redes sociais",
               "material de abuso sexual infantil", "sextorsão de adolescentes"],
    },
    "sectt": {
        "en": ["sexual exploitation of children in travel and tourism",
               "volun-tourism in orphanages", "hotel staff training",
               "travelling child sex offenders", "the tourism code of conduct"],
        "fr": ["exploitation sexuelle des enfants dans le voyage et le tourisme",
               "volontourisme dans les orphelinats", "formation du personnel hôtelier",
               "délinquants sexuels itinérants"],
        "es": ["explotación sexual de niñas y niños en viajes y turismo",
               "volunturismo en orfanatos",
               "capacitación del personal hotelero", "agresores sexuales que viajan"],
        "pt": ["exploração sexual de crianças no turismo", "voluntariado em orfanatos",
               "formação de funcionários de hotéis"],
    },
    "trafficking": {
        "en": ["trafficking of children for sexual purposes", "cross-border trafficking routes",
               "recruitment through false job offers", "identification of trafficked children"],
        "fr": ["traite des enfants à des fins sexuelles", "routes transfrontalières de la traite",
               "recrutement par de fausses offres d'emploi", "identification des enfants victimes"],
        "es": ["trata de niñas y niños con fines sexuales", "rutas transfronterizas de trata",
               "captación con falsas ofertas de empleo", "identificación de víctimas de trata"],
        "pt": ["tráfico de crianças para fins sexuais", "rotas de tráfico nas fronteiras",
               "aliciamento com falsas ofertas de emprego"],
    },
    "child-marriage": {
        "en": ["child, early and forced marriage", "marriage of girls under eighteen",
               "community dialogue on child marriage", "bride price and poverty"],
        "fr": ["mariage d'enfants, précoce et forcé", "mariage des filles avant dix-huit ans",
               "dialogue communautaire sur le mariage forcé"],
        "es": ["matrimonio infantil, precoz y forzado", "uniones tempranas de niñas",
               "diálogo comunitario sobre el matrimonio infantil"],
        "pt": ["casamento infantil, precoce e forçado", "uniões precoces de meninas"],
    },
    "access-to-justice": {
        "en": ["access to justice for child victims", "child-friendly courts",
               "compensation and remedies", "the child victims' Bill of Rights"],
        "fr": ["accès à la justice pour les enfants victimes", "tribunaux adaptés aux enfants",
               "indemnisation et réparation"],
        "es": ["acceso a la justicia para niñas y niños víctimas",
               "tribunales adaptados a la niñez", "reparación integral"],
        "pt": ["acesso à justiça para crianças vítimas", "depoimento especial de crianças"],
    },
    "survivor-support": {
        "en": ["recovery and reintegration of survivors", "psychosocial support services",
               "shelters for child survivors", "case management"],
        "fr": ["rétablissement et réinsertion des survivants", "soutien psychosocial",
               "centres d'accueil pour enfants survivants"],
        "es": ["recuperación y reintegración de sobrevivientes", "apoyo psicosocial",
               "albergues para niñas y niños sobrevivientes"],
        "pt": ["recuperação e reintegração de sobreviventes", "apoio psicossocial"],
    },
    "law-reform": {
        "en": ["legal reform on sexual exploitation", "the age of consent",
               "extraterritorial jurisdiction", "criminalisation of grooming"],
        "fr": ["réforme juridique sur l'exploitation sexuelle", "l'âge du consentement",
               "compétence extraterritoriale"],
        "es": ["reforma legal sobre explotación sexual", "la edad de consentimiento",
               "jurisdicción extraterritorial"],
        "pt": ["reforma legal sobre exploração sexual", "jurisdição extraterritorial"],
    },
    "prevention": {
        "en": ["prevention and awareness in schools", "parenting programmes",
               "helplines for children"],
        "fr": ["prévention et sensibilisation dans les écoles", "lignes d'écoute pour enfants"],
        "es": ["prevención y sensibilización en escuelas", "líneas de ayuda para la niñez"],
        "pt": ["prevenção e sensibilização nas escolas", "linhas de apoio para crianças"],
    },
    "humanitarian": {
        "en": ["sexual exploitation in humanitarian settings", "children on the move",
               "displacement after disasters"],
        "fr": ["exploitation sexuelle dans les contextes humanitaires", "enfants en déplacement"],
        "es": ["explotación sexual en contextos humanitarios", "niñez migrante"],
        "pt": ["exploração sexual em contextos humanitários", "crianças migrantes"],
    },
    "boys": {
        "en": ["sexual exploitation of boys", "gender norms that silence boys"],
        "fr": ["exploitation sexuelle des garçons", "normes de genre qui font taire les garçons"],
        "es": ["explotación sexual de niños varones", "normas de género que silencian a los niños"],
        "pt": ["exploração sexual de meninos"],
    },
}
OTHER_LANGUAGE_TEXT = {
    "ru": ("Сексуальная эксплуатация детей в {country}",
           "Доклад о сексуальной эксплуатации детей, торговле детьми и защите детей в интернете. "
           "Рекомендации для полиции, школ и социальных служб по поддержке пострадавших детей."),
    "ar": ("الاستغلال الجنسي للأطفال في {country}",
           "تقرير عن الاستغلال الجنسي للأطفال والاتجار بالبشر وزواج الأطفال. "
           "توصيات للشرطة والمدارس والخدمات الاجتماعية لدعم الأطفال الضحايا."),
    "th": ("การแสวงหาประโยชน์ทางเพศจากเด็กใน{country}",
           "รายงานเกี่ยวกับการแสวงหาประโยชน์ทางเพศจากเด็กทางออนไลน์ การค้ามนุษย์ "
           "และการท่องเที่ยว พร้อมข้อเสนอแนะสำหรับตำรวจ โรงเรียน และชุมชน"),
}
TYPE_WORDS = {
    "en": {"research_report": "Research report", "country_overview": "Country overview",
           "toolkit": "Toolkit", "training_material": "Training module",
           "policy_brief": "Policy brief", "legal_analysis": "Legal analysis", "news": "News"},
    "fr": {"research_report": "Rapport de recherche", "country_overview": "Aperçu pays",
           "toolkit": "Boîte à outils", "training_material": "Module de formation",
           "policy_brief": "Note d'orientation", "legal_analysis": "Analyse juridique",
           "news": "Actualité"},
    "es": {"research_report": "Informe de investigación", "country_overview": "Panorama de país",
           "toolkit": "Guía práctica", "training_material": "Módulo de capacitación",
           "policy_brief": "Nota de política", "legal_analysis": "Análisis jurídico",
           "news": "Noticia"},
    "pt": {"research_report": "Relatório de pesquisa", "country_overview": "Panorama do país",
           "toolkit": "Guia prático", "training_material": "Módulo de formação",
           "policy_brief": "Nota de política", "legal_analysis": "Análise jurídica",
           "news": "Notícia"},
}
SENTENCES = {
    "en": ["This {doc} examines {a} in {country}.", "It draws on interviews with survivors, "
           "social workers, police officers and teachers about {b}.",
           "Findings show gaps in services and in data on {a}.",
           "The authors recommend stronger cooperation between government, civil society and "
           "the private sector to address {b}.", "Case studies from {country} illustrate {c}.",
           "Children and young people took part in the research as advisers."],
    "fr": ["Ce document examine {a} au {country}.", "Il s'appuie sur des entretiens avec des "
           "survivants, des travailleurs sociaux, des policiers et des enseignants sur {b}.",
           "Les résultats montrent des lacunes dans les services et les données sur {a}.",
           "Les auteurs recommandent une coopération renforcée entre l'État, la société civile "
           "et le secteur privé face à {b}.", "Des études de cas illustrent {c}."],
    "es": ["Este documento analiza {a} en {country}.", "Se basa en entrevistas con "
           "sobrevivientes, trabajadoras sociales, policías y docentes sobre {b}.",
           "Los hallazgos muestran brechas en los servicios y en los datos sobre {a}.",
           "Se recomienda una mayor cooperación entre el Estado, la sociedad civil y el sector "
           "privado para enfrentar {b}.", "Estudios de caso ilustran {c}."],
    "pt": ["Este documento analisa {a} em {country}.", "Baseia-se em entrevistas com "
           "sobreviventes, assistentes sociais, policiais e professores sobre {b}.",
           "Os resultados mostram lacunas nos serviços e nos dados sobre {a}.",
           "Recomenda-se maior cooperação entre governo, sociedade civil e setor privado "
           "para enfrentar {b}.", "Estudos de caso ilustram {c}."],
}
LANGUAGE_SHARES = [("en", 300), ("fr", 120), ("es", 110), ("pt", 45), ("ru", 10), ("ar", 10),
                   ("th", 5)]
REGION_LANGUAGES = {"fr": ["west-central-africa", "mena", "western-europe"],
                    "es": ["latin-america"], "pt": ["latin-america", "east-southern-africa"],
                    "ru": ["eastern-europe-central-asia"], "ar": ["mena"], "th": ["east-asia"]}


def generate_resources(rng: random.Random, members_by_region: dict[str, list],
                       country_name) -> list[dict]:
    """Plain dicts (API shape plus `member`) for ~600 resources."""
    regions = sorted(members_by_region)
    out = []
    for language, count in LANGUAGE_SHARES:
        for _ in range(count):
            home = REGION_LANGUAGES.get(language)
            region = rng.choice([r for r in (home or regions) if members_by_region.get(r)]
                                or regions)
            member = rng.choice(members_by_region[region])
            country = member.country_code
            place = country_name(country, language)
            theme = rng.choice(sorted(PHRASES))
            second = rng.choice(sorted(set(PHRASES) - {theme}))
            kind = rng.choices(list(TYPE_WORDS["en"]), weights=[5, 2, 3, 2, 3, 2, 2])[0]
            if language in OTHER_LANGUAGE_TEXT:
                title_t, body = OTHER_LANGUAGE_TEXT[language]
                title, summary = title_t.format(country=place), body.split(".")[0] + "."
            else:
                bank = PHRASES[theme][language]
                a, b = rng.choice(bank), rng.choice(PHRASES[second][language])
                title = f"{TYPE_WORDS[language][kind]}: {a[0].upper() + a[1:]} ({place})"
                sentences = [s.format(doc=TYPE_WORDS[language][kind].lower(), a=a, b=b,
                                      c=rng.choice(bank), country=place)
                             for s in SENTENCES[language]]
                summary = sentences[0]
                paragraphs = []
                for _ in range(rng.randint(3, 6)):
                    rng.shuffle(sentences)
                    paragraphs.append(" ".join(sentences))
                body = "\n\n".join(paragraphs)
            out.append({
                "title": title, "summary": summary, "body": body, "language": language,
                "type": kind, "themes": [theme, second] if rng.random() < 0.4 else [theme],
                "countries": [country], "member": member,
                "published_on": date(rng.randint(2012, 2025), rng.randint(1, 12),
                                     rng.randint(1, 28)),
                "secretariat_coauthored": rng.random() < 0.15,
                "visibility": "public" if rng.random() < 0.7 else "network",
            })
    return out


def make_pdf(title: str, text: str) -> bytes | None:
    """A small real PDF (fpdf2, core font, so Latin-1 only); None when fpdf2 is missing."""
    try:
        from fpdf import FPDF
    except ImportError:
        return None
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    safe = lambda s: s.encode("latin-1", "replace").decode("latin-1")  # noqa: E731
    pdf.multi_cell(0, 6, safe(title) + "\n\n" + safe(text))
    return bytes(pdf.output())
