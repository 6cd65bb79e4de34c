from fangfan.imports.command import ImportCommand


class Command(ImportCommand):
    kind = "batch_members"
