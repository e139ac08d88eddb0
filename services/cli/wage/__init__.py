"""``cityscore wage``: the annual A/B/C assessment of the districts' wage-payment work.

The whole year from a shell: load grade rules and a scheme file, open the year, submit
self-checks from CSV or .xlsx files (``cityscore wage template <kind>`` writes an empty one),
record verifications and incidents, set review flags, correct records entered by mistake,
grade, show the ranking with explanations, write it as CSV or a workbook, replay a grading,
list findings, and follow commendations, rectification, the copy to the Organization
Department and referrals.
"""

from __future__ import annotations

import typer

from cityscore.services.cli.templates import add_template_command
from cityscore.services.cli.wage import (
    consequences,
    corrections,
    grading,
    incidents,
    results,
    rules,
    schemes,
    selfchecks,
    years,
)

app = typer.Typer(no_args_is_help=True, help="Wage-payment assessment of the districts (A/B/C): "
                                              "schemes, self-checks, verification, incidents, "
                                              "review, grades and consequences.")

# The commands of ``cityscore wage`` itself, in the order of its help, then its groups (each
# module registers the commands of its own group).
add_template_command(app, selfchecks.FORM, selfchecks.SELF_CHECKS, selfchecks.VERIFICATIONS,
                     incidents.INCIDENTS)
app.command("verify", epilog=selfchecks.VERIFICATIONS.epilog("wage"))(selfchecks.verify)
app.command("flag")(incidents.flag)
app.command("grade")(grading.grade)
app.command("ranking")(grading.ranking)
app.command("explain")(grading.explain)
app.command("replay")(grading.replay)
app.command("commend")(consequences.commend)
app.command("interview")(consequences.interview)
app.command("falsification")(consequences.falsification)
app.command("findings")(results.findings)
app.command("history")(consequences.history)
app.add_typer(rules.rules_app, name="rules")
app.add_typer(schemes.scheme_app, name="scheme")
app.add_typer(years.year_app, name="year")
app.add_typer(selfchecks.selfcheck_app, name="selfcheck")
app.add_typer(incidents.incident_app, name="incident")
app.add_typer(corrections.correction_app, name="correction")
app.add_typer(consequences.rectification_app, name="rectification")
app.add_typer(results.action_app, name="action")
