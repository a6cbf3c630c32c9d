"""The live call's window (doctor and spoke alike), its chat panel and its link to desktop.call."""
