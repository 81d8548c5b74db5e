DESCRIPTION = "vector indexes (384-d cosine, all-MiniLM-L6-v2) on Requirement/Capability/Tender embeddings"

_OPTS = "OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}}"

STATEMENTS = [
    f"CREATE VECTOR INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.embedding) {_OPTS}"
    for name, label in (
        ("vec_requirement", "Requirement"), ("vec_capability", "Capability"), ("vec_tender", "Tender"),
        ("vec_concept", "Concept"),
    )
]
