RSpec.describe "a file that does not parse" do
  it "is never run" do
    expect(1).to eq(1)
  end
# the block is not closed
