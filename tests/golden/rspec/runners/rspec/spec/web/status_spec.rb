# The same description in two files (spec/api/ and spec/web/).
RSpec.describe "Status" do
  it "responds" do
    expect("web").to eq("web")
  end
end
