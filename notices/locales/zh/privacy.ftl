# Deployment hardening: privacy requests (PIPL) and invitation guessing (bot/features/privacy.py)
privacy-usage = 用法：/person &lt;编号、Telegram ID、@用户名、手机号或姓名&gt;
    例如 /person @wangxm 或 /person 13800138000
    可导出此人的全部个人信息，或应本人要求删除（《个人信息保护法》）。
privacy-none-found = 没有找到与「{ $reference }」相符的人。
privacy-many-found = 找到 { $count } 人与「{ $reference }」相符，请选择：
privacy-person-unknown = 这个人不存在，或其个人信息已被删除。
privacy-card-hint = 🔒 个人信息（《个人信息保护法》）：可导出此人的全部个人信息，或应本人要求删除。
btn-privacy-export = 📤 导出
btn-privacy-erase = 🗑 删除
privacy-export-caption = 「{ $name }」的个人信息（JSON，含登记、报名、意向、消息与审计记录）
privacy-erase-confirm = ⚠️ 确定删除「{ $name }」的全部个人信息吗？
    将删除：姓名、用户名、Telegram ID、身份、未完成的表单、待发给本人的消息{ $contact }。
    将保留（匿名）：融资意向、报名与各项数字、审计记录。
    此操作不可撤销；此人再次联系机器人时将作为新用户。
privacy-erase-contact = 、企业联系人姓名及电话
btn-privacy-erase-confirm = 🗑 确认删除
btn-privacy-erase-cancel = 取消
privacy-erased = ✅ 已删除此人的个人信息（编号 { $id }）。融资意向与数字已匿名保留；此次删除已记入审计记录（不含被删除的内容）。
privacy-erase-cancelled = 已取消，未删除任何信息。
privacy-erase-organizer = 不能直接删除组织方：请先在 /organizers 中取消其组织方身份，再删除。
invite-too-many = 邀请链接错误次数过多。为防止猜测，请于 { $until } 之后再试，或向组织方索取新的链接。
cmd-person = 个人信息：导出或删除（《个人信息保护法》）
