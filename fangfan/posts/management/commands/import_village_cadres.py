from fangfan.imports.command import ImportCommand


class Command(ImportCommand):
    kind = "village_cadres"
