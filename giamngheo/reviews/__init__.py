"""Review rounds as the law prescribes: periodic and ad-hoc rounds, their ordered steps, village
meetings, posting, complaints, decisions, certificates, list snapshots and the public portal.
May import `standards` and below; independent of `programs`."""
