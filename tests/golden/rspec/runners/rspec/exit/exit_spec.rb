RSpec.describe "Shutdown" do
  it "runs first" do
    expect(1).to eq(1)
  end

  it "exits the process" do
    exit 3
  end

  it "never runs after the exit" do
    expect(1).to eq(1)
  end
end
