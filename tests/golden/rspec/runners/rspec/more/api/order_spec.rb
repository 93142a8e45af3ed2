RSpec.describe "Order" do
  it "is pending without a body"

  it "aggregates" do
    expect(1).to eq(1)
  end

  it "timeouts", retry: 3 do
    raise Timeout::Error, "took too long" rescue raise StandardError, "took too long"
  end

end
