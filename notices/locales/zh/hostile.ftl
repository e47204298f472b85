## Odd input: invisible text, media where text is expected, edited messages, groups

text-no-letters = 这里需要填写名称，请用汉字或字母书写；只有表情、符号、数字或不可见字符的内容无法保存。请重新输入：
text-no-content = 这里需要填写文字或数字；只有表情、符号或不可见字符的内容无法保存。请重新输入：
form-text-expected = 这一步需要输入文字，图片、贴纸、语音、位置和文件都无法作为回答。
form-edit-not-read = 修改过的消息不会被读取。如需更正，请把正确的内容作为一条新消息发送。
group-private-only = 请在私聊中与我对话：{ $link }
