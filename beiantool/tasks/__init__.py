"""What the filer must do: the checklist with its deadline and review dates, and what a change asks for."""
