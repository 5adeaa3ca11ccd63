"""What people read: plain words for the codes of the model, the next steps of a bid team and
the bid-review pack (a PDF)."""
