## QA round 2: forms started over one another, typed yes

form-resumed-or-cancel = 继续上次未完成的填写（要重新开始，请先发送 /cancel）：
form-replaced = 之前未完成的填写已放弃，现在开始新的填写。
# Typed at a summary, these words mean "✅ 确认提交" (comma separated, compared without spaces and case).
form-yes-words = 确认,确定,是,是的,好,好的,对,对的,可以,没问题,提交,ok,yes
form-synonyms = 信用贷=信用;纯信用=信用;无担保=信用;免担保=信用;借钱=贷款;借款=贷款;银行贷款=贷款;早餐会=早餐汇;早餐=早餐汇;有=再添加一项;还有=再添加一项;再来一项=再添加一项;没有=没有了，去确认;没了=没有了，去确认;无=没有了，去确认
# Typed where an answer is expected and not readable as one: the person wants to stop.
form-cancel-words = 取消,退出,不填了,不要了,算了,cancel,quit,stop
form-cancel-hint = 要放弃这次填写，请发送 /cancel（已填写的内容不会保存）；要继续，请回答上面的问题。
