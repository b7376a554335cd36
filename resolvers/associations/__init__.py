"""The associations' writes: the union's elections, the commission's topics and follow-up."""
