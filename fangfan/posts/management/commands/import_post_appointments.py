from fangfan.imports.command import ImportCommand


class Command(ImportCommand):
    kind = "post_appointments"
