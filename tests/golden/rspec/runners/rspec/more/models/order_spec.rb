# encoding: utf-8
RSpec.shared_examples "a priced thing" do |price|
  it "has a price" do
    expect(price).to be > 0
  end
  it "has a currency" do
    expect(subject).to respond_to(:currency)
  end
end

RSpec.describe "Order" do
  subject { Struct.new(:currency).new("EUR") }

  around(:each) do |example|
    example.run
  end

  describe "with shared examples" do
    include_examples "a priced thing", 3
    it_behaves_like "a priced thing", 0
  end

  it "aggregates", :aggregate_failures do
    expect(1).to eq(2)
    expect("a").to eq("b")
    raise ArgumentError, "and then raises"
  end

  it "ünïcödé ✓ <&>\"'{}" do
    $stdout.puts "printed on stdout"
    $stderr.puts "printed on stderr"
    expect(true).to be true
  end

  it "pending that fails" do
    pending("not implemented")
    expect(1).to eq(2)
  end

  it "skips inside" do
    skip "no database"
  end

  it "is pending without a body"

  it "big output" do
    expect("z" * 50_000).to eq("y")
  end

  context "around hook that raises" do
    around(:each) do |example|
      example.run
      raise IOError, "around teardown failed"
    end
    it "passes its body" do
      expect(1).to eq(1)
    end
  end

  context "around hook that skips" do
    around(:each) do |example|
      skip "around decided to skip"
      example.run
    end
    it "never runs" do
      raise "should not run"
    end
  end
end
