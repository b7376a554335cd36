"""A city district's neighbourhood councils (seed 001): places, people, working groups, escalations and small-scale projects."""
