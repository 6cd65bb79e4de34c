from fangfan.imports.command import ImportCommand


class Command(ImportCommand):
    kind = "workshop_wages"
