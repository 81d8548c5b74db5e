"""Kinds seen on unseen portals (session 8): deadlines labelled by what is submitted or stated in a sentence whose
first "by" names the receiver; a notice's own legend of its must marks; scoring schemes read by their own
structure; units written as words. Examples are our own."""

from __future__ import annotations

from dealgraph.ingest.tenders.extract import extract
from dealgraph.ingest.tenders.parse_text import parse_text


def _parse(text: str, name: str = "notice.txt"):
    return extract(parse_text(text, name))


def test_deadline_for_proposals_is_the_submission_deadline():
    out = _parse("REQUEST FOR PROPOSALS\nHarbour Board ferry ticketing system\n"
                 "Deadline for Questions: 4:00 pm (AEDT) Monday, 8 March 2027\n"
                 "Deadline for Tenders: 2:00 pm (AEDT) Friday, 19 March 2027\n")
    assert out.deadline == "2027-03-19T14:00:00+11:00"


def test_prose_deadline_after_the_receiver_named_with_by():
    out = _parse("INVITATION TO BID\nSupply of two dump trucks\nCity of Riverton, Republic of the Philippines\n"
                 "5. Sealed bids must be delivered by hand to the Procurement Unit at the City Hall annex on or before "
                 "10:30 AM of June 7, 2027. Late bids shall not be accepted.\n"
                 "6. Bid opening shall be on June 7, 2027, 11:00 AM at the City Hall.\n")
    assert out.deadline == "2027-06-07T10:30:00+08:00"
