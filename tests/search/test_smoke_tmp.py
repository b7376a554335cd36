from tests.conftest import GraphQLClient

async def test_smoke(gql: GraphQLClient) -> None:
    r = await gql.execute('{ search(query: "هماندیشي تامين") { totalCount pageInfo { endCursor hasNextPage } nodes { kind title rank day titleHighlights { start length } snippet { text highlights { start length } } jointSession { sequence } municipality { nameEn } } } }')
    print(r)
    assert "errors" not in r
    r = await gql.execute('{ search(query: "لايحه", first: 2) { totalCount nodes { kind title rank governmentBill { titleEn } } } }')
    print(r)
    assert "errors" not in r
