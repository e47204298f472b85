## QA round of digests and reports (issue 9)

digest-day-out-of-range = 每月的日子只能是 1–28 日（不是每个月都有 29–31 日）。月底的简报可以订在下月1日，例如：/digest 每月1日 9:00。
