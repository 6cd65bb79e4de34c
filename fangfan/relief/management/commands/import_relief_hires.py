from fangfan.imports.command import ImportCommand


class Command(ImportCommand):
    kind = "relief_hires"
