"""Reading the programme: figures, targets, audit, directories and lists, the same definitions everywhere."""
