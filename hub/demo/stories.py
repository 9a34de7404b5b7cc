"""Synthetic stories for the demo: fictional, already anonymised, in English, French and
Spanish, across every workflow status, with a few deliberate flags for the moderator to see.

Every person in these texts is invented and named only by a declared pseudonym or a role.
The flagged details use reserved ranges (example.org addresses, a fictitious phone number).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

# (language, title, body, themes, storyteller)
TEXTS = {
    "en": [
        ("Learning to trust again",
         "Grace (not her real name) was recruited with a false job offer in a tourist town. "
         "After months of support from a survivor network she now speaks to school groups "
         "about warning signs.\n\nShe asked that her story be used to change how police "
         "receive young people who report abuse.", ["trafficking", "survivor-support"],
         "adult_survivor"),
        ("A hotel that said no",
         "Front-desk staff trained by our team noticed an adult checking in with a teenager "
         "who was not his relative. They followed the code of conduct and alerted the "
         "hotline.\n\nThe manager now asks every new employee to take the training.",
         ["sectt", "private-sector"], "practitioner"),
        ("Safer online, together",
         "A group of young people in a coastal district designed posters on grooming and "
         "sextortion for their peers. One of them told us: 'We know the apps better than "
         "adults do, so let us help.'", ["ocse", "participation"], "child_or_youth"),
        ("When the village spoke up",
         "Elders in a farming community agreed to end the marriage of girls under eighteen "
         "after months of dialogue led by local women.\n\nA community member described how "
         "the decision was announced at the weekly market.", ["child-marriage"],
         "community_member"),
        ("The court that listened",
         "A survivor, now in her twenties, testified from a separate room with a support "
         "person beside her. For the first time she felt the justice system was on her side.",
         ["access-to-justice"], "adult_survivor"),
        ("Beyond the shelter",
         "Our social workers follow young survivors for two years after they leave the "
         "shelter. Vocational training and a mentor made the difference for most of them.",
         ["survivor-support"], "practitioner"),
    ],
    "fr": [
        ("Reprendre confiance",
         "Awa (ce n'est pas son vrai prénom) a été recrutée par une fausse offre d'emploi. "
         "Accompagnée par une association de survivantes, elle anime aujourd'hui des ateliers "
         "de prévention dans les écoles.", ["trafficking", "survivor-support"], "adult_survivor"),
        ("Les chauffeurs de taxi-moto s'engagent",
         "Formés par notre équipe, des chauffeurs d'une ville touristique signalent désormais "
         "les situations suspectes. L'un d'eux raconte comment il a alerté la ligne d'écoute.",
         ["sectt", "prevention"], "community_member"),
        ("Des jeunes contre le pédopiégeage",
         "Un club de jeunes a réalisé une série de vidéos courtes sur les risques en ligne. "
         "« Nos parents ne savent pas ce qui se passe sur nos téléphones », explique une "
         "participante.", ["ocse", "participation"], "child_or_youth"),
        ("Le dialogue au village",
         "Après un an de discussions animées par des femmes leaders, un village a renoncé "
         "aux mariages d'enfants. Une mère raconte le changement.", ["child-marriage"],
         "community_member"),
        ("Une juge à l'écoute",
         "Une survivante décrit une audience adaptée : salle séparée, pauses, personne de "
         "confiance. « Pour la première fois, on m'a crue. »", ["access-to-justice"],
         "adult_survivor"),
    ],
    "es": [
        ("Volver a empezar",
         "Lucía (nombre ficticio) fue captada con una falsa oferta de empleo. Hoy, con el "
         "apoyo de una red de sobrevivientes, acompaña a otras jóvenes en su recuperación.",
         ["trafficking", "survivor-support"], "adult_survivor"),
        ("Un hotel que dijo no",
         "El personal de recepción, capacitado por nuestro equipo, detectó a un adulto que "
         "llegaba con una adolescente que no era su familiar y avisó a la línea de ayuda.",
         ["sectt", "private-sector"], "practitioner"),
        ("Jóvenes que enseñan a los adultos",
         "Un grupo de adolescentes organizó talleres sobre grooming para madres y padres de "
         "su barrio. «Queremos que nos escuchen», dijo una de ellas.",
         ["ocse", "participation"], "child_or_youth"),
        ("La comunidad decide",
         "Tras meses de diálogo comunitario, las familias de una comunidad rural acordaron "
         "no casar a sus hijas antes de los dieciocho años.", ["child-marriage"],
         "community_member"),
        ("Justicia con enfoque de niñez",
         "Una sobreviviente cuenta cómo una sala amigable y una psicóloga a su lado le "
         "permitieron declarar sin miedo.", ["access-to-justice"], "adult_survivor"),
    ],
}

# Sentences with deliberate identifying details (reserved addresses and numbers) for the
# moderator to see; the writer acknowledged them with a reason.
# The stories' first names are declared pseudonyms, which the checker still flags (issue 12).
PSEUDONYM_REASON = {
    "en": "An invented first name, chosen with the survivor; no one in her town has it.",
    "fr": "Prénom inventé, choisi avec la survivante ; personne ne le porte dans sa ville.",
    "es": "Nombre inventado, elegido con la sobreviviente; nadie lo lleva en su ciudad.",
}
FLAGGED = {
    "en": ("For more information write to outreach.team@example.org.",
           "The address is the organisation's public outreach mailbox, not the survivor's."),
    "fr": ("Pour plus d'informations : contact.projet@example.org.",
           "Adresse publique du projet, pas celle de la personne."),
    "es": ("Más información en el correo equipo.calle@example.org.",
           "Es el correo público del equipo, no el de la sobreviviente."),
}

# How many stories end in each status (some children's stories get the four-eyes rule).
STATUS_PLAN = (["published"] * 14 + ["submitted"] * 5 + ["approved"] * 3 + ["draft"] * 4
               + ["changes_requested"] * 3 + ["rejected"] * 2 + ["consent_withdrawn"] * 2)
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "changes_requested": ["submit", "request_changes"],
    "approved": ["submit", "approve"],
    "published": ["submit", "approve", "publish"],
    "rejected": ["submit", "reject"],
    "consent_withdrawn": ["submit", "approve", "publish", "withdraw_consent"],
}
COMMENTS = {
    "request_changes": "Please give an age range instead of the exact age.",
    "approve": "Clear, safe and well anonymised.",
    "publish": "",
    "reject": "The storyteller could still be recognised from the context.",
    "withdraw_consent": "The storyteller asked for the story to be withdrawn.",
    "submit": "",
}
CONSENT_BY = {"adult_survivor": "the survivor", "child_or_youth": "the young person",
              "practitioner": "the practitioner", "community_member": "the community member",
              "other": "the storyteller"}


def build(rng: random.Random, members: list, people: list, reviewers: list) -> int:
    """Create the stories through the same service and workflow as the API; returns how many."""
    from hub.blueprints.stories import flags, service, workflow

    staff_by_member: dict[int, list] = {}
    for person in people:
        if person.member_id is not None and person.active:
            staff_by_member.setdefault(person.member_id, []).append(person)
    by_language: dict[str, list] = {"en": [], "fr": [], "es": []}
    for member in members:
        if member.status != "active" or member.id not in staff_by_member:
            continue
        language = next((lang for lang in member.languages if lang in by_language), "en")
        by_language[language].append(member)
    plan = list(STATUS_PLAN)
    rng.shuffle(plan)
    now = datetime.now(UTC)
    count = 0
    for i, status in enumerate(plan):
        language = ("en", "fr", "es")[i % 3]
        title, body, themes, teller = TEXTS[language][(i // 3) % len(TEXTS[language])]
        candidates = by_language[language] or by_language["en"]
        member = candidates[rng.randrange(len(candidates))]
        writer = staff_by_member[member.id][0]
        flagged = i % 7 == 3 and status in ("submitted", "approved", "published", "draft")
        if flagged:
            body = f"{body}\n\n{FLAGGED[language][0]}"
        audiences = (["global_advocacy", "local_media"] if i % 4 else ["network_learning"])
        story = service.create_story({
            "title": title, "body": body, "language": language,
            "country": member.country_code, "themes": themes, "audiences": audiences,
            "storyteller": teller,
            "consent": {"obtained": status != "draft" or i % 2 == 0,
                        "given_by": CONSENT_BY[teller],
                        "obtained_on": (now - timedelta(days=400 - i * 9)).date(),
                        "audiences": audiences, "guardian_consent": teller == "child_or_youth"},
        }, writer)
        if status != "draft":
            for flag in flags.unacknowledged(story):
                reason = (PSEUDONYM_REASON[language] if flag.suggestion == "pseudonym"
                          else FLAGGED[language][1])
                service.acknowledge_flag(story, flag.position, reason, writer)
        steps = list(PATHS[status])
        if teller == "child_or_youth" and "publish" in steps:
            steps.insert(steps.index("publish"), "approve")
        approvals = 0
        for action in steps:
            if action in ("submit", "withdraw_consent"):
                actor = writer
            elif action == "approve":
                actor = reviewers[approvals % len(reviewers)]
                approvals += 1
            else:
                actor = reviewers[0]
            workflow.transition(story, action, COMMENTS[action], actor)
        _backdate(story, now - timedelta(days=20 + (len(plan) - i) * 13))
        count += 1
    return count


def _backdate(story, start: datetime) -> None:
    """Spread the story's history over the past months, so lists and exports look lived in."""
    story.created_at = start
    moment = start
    for transition in story.transitions:
        moment += timedelta(days=2, hours=3)
        transition.at = moment
        if transition.action == "submit":
            story.submitted_at = moment
        elif transition.action == "publish":
            story.published_at = moment
        elif transition.action == "withdraw_consent":
            story.withdrawn_at = moment
    story.updated_at = moment
