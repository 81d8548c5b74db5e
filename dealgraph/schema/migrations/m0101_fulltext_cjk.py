DESCRIPTION = "full-text indexes for names, titles and tender text with the 'cjk' analyzer (hanzi + Latin)"

# 'cjk' indexes hanzi as bigrams and Latin script as lower-cased words, so both
# "采购经理" and "procurement manager" are found; check with db.index.fulltext.listAvailableAnalyzers.
_OPTS = "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: false}}"

STATEMENTS = [
    ("CREATE FULLTEXT INDEX ft_people IF NOT EXISTS FOR (n:Contact|SourceRecord|User) "
    f"ON EACH [n.name, n.name_en, n.title, n.company] {_OPTS}"),
    ("CREATE FULLTEXT INDEX ft_companies IF NOT EXISTS FOR (n:Account|Organization|Company) "
    f"ON EACH [n.name, n.name_en] {_OPTS}"),
    ("CREATE FULLTEXT INDEX ft_tenders IF NOT EXISTS FOR (n:Tender|Requirement) "
    f"ON EACH [n.title, n.buyer, n.text] {_OPTS}"),
    ("CREATE FULLTEXT INDEX ft_capabilities IF NOT EXISTS FOR (n:Capability) "
    f"ON EACH [n.name, n.text, n.spec] {_OPTS}"),
]
