"""Building blocks shared by the three instrument apps of this half: labour
cooperation, vocational training and relocation sites.

Each instrument is a register of records placed in a region (``region``), with
people attached to them (members, trainees, residents, hires). The pieces here
write those records through audited services (:mod:`.records`), resolve regions
and people typed by clerks (:mod:`.fields`), show and export registers
(:mod:`.registers`), and import the people of a record from a sheet
(:mod:`.people_import`).
"""
