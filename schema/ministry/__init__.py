"""The ministry's side: social-security obligations, their categories and transfers."""
