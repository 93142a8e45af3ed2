RSpec.shared_examples "a collection" do
  it "is empty when new" do
    expect(subject).to be_empty
  end
end

RSpec.describe Array do
  it_behaves_like "a collection"

  it "notifies its observer" do
    observer = double("observer")
    expect(observer).to receive(:notify).with(1)
    observer.notify(2)
  end

  # The same full description twice in one file.
  [1, 2].each do |n|
    it "holds a number" do
      expect([n]).to include(n)
    end
  end
end

RSpec.describe Hash do
  it_behaves_like "a collection"
end
