# String groups nested three and four deep (the suite levels), names with unicode and
# <&>"'{}, a group that holds only groups, and a ~50 KB failure message.
RSpec.describe "Checkout flow" do
  it "starts empty" do
    expect([]).to be_empty
  end

  context "with a coupon" do
    it "applies the discount" do
      expect(90).to eq(90)
    end

    context "when the coupon expired" do
      it "rejects it" do
        expect("expired").to eq("rejected")
      end

      context "and the user is a member" do
        it "still rejects it" do
          expect(true).to be(true)
        end
      end
    end
  end

  context "with <&>\"'{} in a group" do
    it "keeps ünïcödé ✓ and <&>\"'{} in a name" do
      expect("ü").to eq("ü")
    end

    it "fails with <&>\"'{} in the message" do
      expect("<&>\"'{}").to eq("{}'\"<&>")
    end
  end

  describe "payment" do
    describe "by card" do
      it "is accepted" do
        expect(:visa).to eq(:visa)
      end
    end

    describe "by invoice" do
      it "prints a 50 KB summary on failure" do
        expect("line of the invoice summary\n" * 1800).to eq("")
      end
    end
  end
end
