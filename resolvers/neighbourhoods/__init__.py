"""The neighbourhood councils' writes: small-project forms, signatures and returns; escalations; working groups' meetings."""
