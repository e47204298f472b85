"""What people type, turned into values (amounts, counts, dates, periods, phones, codes, terms, clean text)."""
