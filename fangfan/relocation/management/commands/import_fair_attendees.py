from fangfan.imports.command import ImportCommand


class Command(ImportCommand):
    kind = "fair_attendees"
