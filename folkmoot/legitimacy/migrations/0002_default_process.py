from django.db import migrations

# The seed's example process: "agenda published in advance, facilitator and note-taker named,
# small-group discussion, proposals read back, decision by the agreed method, minutes published
# within N days, delegates report back". Networks edit it in the admin.
STEPS = [
    (
        "Agenda published in advance",
        "agenda_published",
        7,
        "Everyone can see what will be discussed at least a week before.",
    ),
    (
        "Facilitator and note-taker named",
        "roles_named",
        None,
        "Someone chairs the meeting fairly and someone writes down what was decided.",
    ),
    (
        "Small-group discussion held",
        "recorded",
        None,
        "People talked in small groups so that everyone could speak, not only the confident.",
    ),
    (
        "Proposals read back before deciding",
        "recorded",
        None,
        "Before any decision, the proposal was read out so everyone knew what they decided.",
    ),
    (
        "Minutes published soon after",
        "minutes_published",
        7,
        "What was decided is written up and shared within a week.",
    ),
    (
        "Delegates report back",
        "report_backs",
        None,
        "Delegates told the assembly what happened at the councils they sit on.",
    ),
]


def add_steps(apps, schema_editor):
    ProcessStep = apps.get_model("legitimacy", "ProcessStep")
    if ProcessStep.objects.exists():
        return
    for position, (name, rule, days, description) in enumerate(STEPS, start=1):
        ProcessStep.objects.create(
            position=position, name=name, rule=rule, days=days, description=description
        )


class Migration(migrations.Migration):
    dependencies = [("legitimacy", "0001_initial")]
    operations = [migrations.RunPython(add_steps, migrations.RunPython.noop)]
