"""ArchiMate in and out: Archi's model files, the Open Group's exchange format, Archi's CSV.

`read` parses each of the three into one neutral `model.Model` (elements, relationships and
their properties, as the file had them); `model.to_document` maps that to a `seamwork/1`
document by one set of rules, so the three imports of one model give the same workshop.
`write` goes the other way, for the exchange format and Archi's CSV.
"""
