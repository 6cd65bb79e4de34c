from fangfan.imports.command import ImportCommand


class Command(ImportCommand):
    kind = "project_workers"
