"""The registry: households, members and their history, surveys (draft, submit, correct), CCCD
rules, editing, import and duplicate people. Records facts (`households.events`) for the apps
above to act on. May import `accounts`, `areas`, `core` and the pure engine
(`standards.engine`), nothing else."""
