"""The associations of municipalities: the union of municipalities and its elections; the Assembly of Mayors of Iran's Metropolises and its technical and civil-works commission."""
