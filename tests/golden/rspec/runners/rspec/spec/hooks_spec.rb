# Hooks that fail: before(:all) fails every example of its group with the hook's
# error; after(:all) fails after the examples passed (an error outside of examples).
RSpec.describe "Inventory with a failing before(:all)" do
  before(:all) do
    raise IOError, "database is down"
  end

  it "lists items" do
    expect(1).to eq(1)
  end

  it "counts items" do
    expect(2).to eq(2)
  end
end

RSpec.describe "Reports with a failing after(:all)" do
  after(:all) do
    raise "cleanup failed"
  end

  it "renders" do
    expect(1).to eq(1)
  end
end

RSpec.describe "A failing before(:each)" do
  before(:each) do
    raise ArgumentError, "fixture missing"
  end

  it "never reaches its body" do
    expect(1).to eq(1)
  end
end
